/** The inbox's query shapes live in the HTTP contract (`@zhifa/api-types`); re-exported for the inbox service. */
export { AuditQueryParams, InboxQuery, InboxView } from '@zhifa/api-types';
