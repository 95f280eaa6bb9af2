/** TimerScheduler and JobQueue that only record what they were asked (the store holds the truth). */
import type { JobQueue, JobRecord, TimerRecord, TimerScheduler } from '@zhifa/engine';

export class RecordingTimerScheduler implements TimerScheduler {
  readonly scheduled = new Map<string, TimerRecord>();

  async schedule(timer: TimerRecord): Promise<void> {
    this.scheduled.set(timer.id, timer);
  }

  async cancel(timerId: string): Promise<void> {
    this.scheduled.delete(timerId);
  }
}

export class InMemoryJobQueue implements JobQueue {
  readonly available = new Map<string, JobRecord>();

  async publish(job: JobRecord): Promise<void> {
    this.available.set(job.id, job);
  }

  async withdraw(jobId: string): Promise<void> {
    this.available.delete(jobId);
  }
}
