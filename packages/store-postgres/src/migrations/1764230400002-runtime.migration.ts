import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Instances (state as jsonb + optimistic-lock version) and their projections as indexed rows. Tasks and
 * timers are closed rather than deleted so the inbox can show done work and a late timer delivery finds
 * a fired/cancelled row to ignore.
 */
export class Runtime1764230400002 implements MigrationInterface {
  name = 'Runtime1764230400002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE process_instance (
        id                 text PRIMARY KEY,
        definition_id      text NOT NULL,
        process_key        text NOT NULL,
        business_key       text,
        parent_instance_id text,
        root_instance_id   text NOT NULL,
        state              jsonb NOT NULL,
        version            integer NOT NULL,
        status             text NOT NULL,
        started_by         text,
        owner_unit_id      text,
        started_at         timestamptz NOT NULL,
        ended_at           timestamptz
      )`);
    await q.query(`CREATE INDEX process_instance_status_idx ON process_instance (status, started_at DESC)`);
    await q.query(`CREATE INDEX process_instance_key_idx ON process_instance (process_key, status)`);
    await q.query(`CREATE INDEX process_instance_business_key_idx ON process_instance (business_key)`);
    await q.query(`CREATE INDEX process_instance_started_by_idx ON process_instance (started_by, started_at DESC)`);
    await q.query(`CREATE INDEX process_instance_owner_unit_idx ON process_instance (owner_unit_id)`);
    await q.query(`CREATE INDEX process_instance_parent_idx ON process_instance (parent_instance_id)`);
    await q.query(`CREATE INDEX process_instance_root_idx ON process_instance (root_instance_id)`);

    await q.query(`
      CREATE TABLE task (
        id                  text PRIMARY KEY,
        instance_id         text NOT NULL,
        definition_id       text NOT NULL,
        process_key         text NOT NULL,
        activity_id         text NOT NULL,
        element_instance_id text NOT NULL,
        name                text,
        assignee            text,
        owner               text,
        candidate_users     text[] NOT NULL DEFAULT '{}',
        candidate_groups    text[] NOT NULL DEFAULT '{}',
        candidate_units     text[] NOT NULL DEFAULT '{}',
        due_at              timestamptz,
        follow_up_at        timestamptz,
        state               text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'completed', 'cancelled', 'ended')),
        created_at          timestamptz NOT NULL,
        ended_at            timestamptz,
        completed_by        text,
        form_key            text,
        priority            integer,
        -- zhifa:assignment (resolved by the server against the org tree) and zhifa:signMode (会签), as the engine gives them.
        org_assignment      jsonb,
        sign_mode           jsonb
      )`);
    await q.query(`CREATE INDEX task_assignee_state_idx ON task (assignee, state, due_at)`);
    await q.query(`CREATE INDEX task_candidate_users_idx ON task USING gin (candidate_users)`);
    await q.query(`CREATE INDEX task_candidate_groups_idx ON task USING gin (candidate_groups)`);
    await q.query(`CREATE INDEX task_candidate_units_idx ON task USING gin (candidate_units)`);
    await q.query(`CREATE INDEX task_instance_idx ON task (instance_id)`);
    await q.query(`CREATE INDEX task_completed_by_idx ON task (completed_by, ended_at DESC) WHERE completed_by IS NOT NULL`);
    await q.query(`CREATE INDEX task_open_due_idx ON task (due_at, id) WHERE state = 'open'`);

    await q.query(`
      CREATE TABLE timer (
        id            text PRIMARY KEY,
        instance_id   text,
        definition_id text NOT NULL,
        process_key   text NOT NULL,
        element_id    text NOT NULL,
        kind          text NOT NULL DEFAULT 'bpmn',
        task_id       text,
        due_at        timestamptz NOT NULL,
        fired_at      timestamptz,
        cancelled_at  timestamptz,
        is_cycle      boolean NOT NULL DEFAULT false,
        remaining     integer,
        cycle_interval text,
        provisional   boolean NOT NULL DEFAULT false,
        payload       jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX timer_pending_due_idx ON timer (due_at, id) WHERE fired_at IS NULL AND cancelled_at IS NULL`);
    await q.query(`CREATE INDEX timer_instance_idx ON timer (instance_id)`);
    await q.query(`CREATE INDEX timer_definition_idx ON timer (definition_id)`);
    await q.query(`CREATE INDEX timer_task_idx ON timer (task_id) WHERE task_id IS NOT NULL`);

    for (const table of ['message_subscription', 'signal_subscription', 'conditional_subscription']) {
      await q.query(`
        CREATE TABLE ${table} (
          id              text PRIMARY KEY,
          name            text,
          correlation_key text,
          instance_id     text,
          definition_id   text NOT NULL,
          process_key     text NOT NULL,
          element_id      text NOT NULL,
          created_at      timestamptz NOT NULL DEFAULT now()
        )`);
      await q.query(`CREATE INDEX ${table}_instance_idx ON ${table} (instance_id)`);
    }
    await q.query(`CREATE INDEX message_subscription_name_key_idx ON message_subscription (name, correlation_key)`);
    await q.query(`CREATE INDEX signal_subscription_name_idx ON signal_subscription (name)`);

    await q.query(`
      CREATE TABLE external_job (
        id                  text PRIMARY KEY,
        type                text NOT NULL,
        instance_id         text NOT NULL,
        definition_id       text NOT NULL,
        process_key         text NOT NULL,
        element_id          text NOT NULL,
        element_instance_id text NOT NULL,
        state               text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'ended')),
        retries             integer NOT NULL,
        locked_until        timestamptz,
        worker              text,
        error               text,
        variables           jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at          timestamptz NOT NULL,
        ended_at            timestamptz
      )`);
    await q.query(`CREATE INDEX external_job_type_state_idx ON external_job (type, state, created_at)`);
    await q.query(`CREATE INDEX external_job_instance_idx ON external_job (instance_id)`);

    await q.query(`
      CREATE TABLE incident (
        id                  text PRIMARY KEY,
        instance_id         text NOT NULL,
        definition_id       text NOT NULL,
        process_key         text NOT NULL,
        element_id          text NOT NULL,
        element_instance_id text NOT NULL,
        kind                text NOT NULL,
        message             text NOT NULL,
        created_at          timestamptz NOT NULL,
        resolved_at         timestamptz
      )`);
    await q.query(`CREATE INDEX incident_open_idx ON incident (created_at) WHERE resolved_at IS NULL`);
    await q.query(`CREATE INDEX incident_instance_idx ON incident (instance_id)`);

    await q.query(`
      CREATE TABLE outbox (
        id            text PRIMARY KEY,
        seq           bigserial UNIQUE,
        kind          text NOT NULL,
        instance_id   text,
        payload       jsonb NOT NULL,
        created_at    timestamptz NOT NULL,
        dispatched_at timestamptz,
        attempts      integer NOT NULL DEFAULT 0,
        last_error    text
      )`);
    await q.query(`CREATE INDEX outbox_undispatched_idx ON outbox (seq) WHERE dispatched_at IS NULL`);

    // 抄送: who was informed about an instance (the "cc" inbox view).
    await q.query(`
      CREATE TABLE instance_cc (
        instance_id text NOT NULL,
        user_id     text,
        unit_id     text,
        cc_by       text,
        created_at  timestamptz NOT NULL DEFAULT now(),
        read_at     timestamptz,
        CHECK (user_id IS NOT NULL OR unit_id IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX instance_cc_unique_idx ON instance_cc (instance_id, coalesce(user_id, ''), coalesce(unit_id, ''))`);
    await q.query(`CREATE INDEX instance_cc_user_idx ON instance_cc (user_id, created_at DESC)`);
    await q.query(`CREATE INDEX instance_cc_unit_idx ON instance_cc (unit_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE instance_cc, outbox, incident, external_job, conditional_subscription,
      signal_subscription, message_subscription, timer, task, process_instance`);
  }
}
