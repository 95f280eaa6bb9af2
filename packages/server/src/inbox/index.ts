export { inboxFeature } from './inbox.feature.js';
export { InboxNotificationListener } from './notification.listener.js';
export { deadlineState, DeadlineColour, type DeadlineState } from './deadline-colour.js';
export type { InboxPage, InboxTaskItem, InboxInstanceItem } from './inbox.service.js';
export type { Attachment } from './attachment.service.js';
