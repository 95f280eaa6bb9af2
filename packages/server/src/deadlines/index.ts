/** Deadlines, notifications, the working-day calendar and queue operations: what the composition root wires. */
export { createDeadlineFeature, type DeadlineFeature, type DeadlineFeatureOptions } from './deadline-feature.js';
export { DeadlineEffectListener } from './deadline.listener.js';
export { DeadlineService, type DeadlineAlarm, type FireOutcome } from './deadline.service.js';
export { DeadlineAdjustService, type AdjustRequest } from './deadline-adjust.service.js';
export { createQueueDashboard, type QueueDashboard } from './operations/queue-dashboard.js';
export { deadlineTimerObserver, watchDeadlineQueues } from './operations/deadline-metrics.js';
export { HolidayCalendarService } from '../calendar/holiday-calendar.service.js';
export { engineCalendarHooks } from '../calendar/engine-calendar-hooks.js';
export { calendarRouter, type CalendarRouterOptions } from '../calendar/calendar.router.js';
export { notificationRouter } from '../notifications/notification.router.js';
