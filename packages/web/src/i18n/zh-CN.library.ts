import bpmnJsZh from 'bpmn-js-i18n/translations/zn';
import { formEditorZh } from './zh-CN.form-editor.js';
import { propertiesPanelZh } from './zh-CN.properties-panel.js';

/**
 * 第三方组件（bpmn-js、属性面板、bpmnlint、令牌模拟、表单编辑器）的中文词典，以英文原文为键。
 * 调色板和右键菜单的译文取自 bpmn-js-i18n，其余由我们自己维护；i18n 测试会扫描这些组件的源码，
 * 凡界面上出现而此处缺失的英文都会让测试失败。
 */
const bpmnJs: Readonly<Record<string, string>> = {
  ' + shift + ': ' + Shift + ',
  'Align elements': '对齐元素',
  'Align elements ': '对齐元素',
  'Change element': '更改元素',
  'Distribute elements horizontally': '水平分布元素',
  'Distribute elements vertically': '垂直分布元素',
  'HELLO {you}': '你好 {you}',
  'Toggle non-interrupting': '切换为非中断',
  'Ad-hoc sub-process': '临时子流程',
  'Boundary event': '边界事件',
  'Event based instantiating Gateway': '事件实例化网关',
  'Expanded pool/participant': '展开的泳池/参与者',
  'Parallel Event based instantiating Gateway': '并行事件实例化网关',
  'Search in diagram': '在图中搜索',
  // bpmn-js-i18n drops the placeholder here
  'missing {semantic}#attachedToRef': '缺少 {semantic}#attachedToRef',
};

/** Our own `zhifa:` groups (modeler/properties/panel-text.ts). */
const zhifaPanel: Readonly<Record<string, string>> = {
  'Time limit (zhifa)': '办理时限',
  'Candidates by organisation (zhifa)': '按组织机构分配',
  'Form (zhifa)': '办理表单',
  'Timer calendar (zhifa)': '定时器日历',
  'Time limit (ISO 8601, e.g. P5D)': '时限（ISO 8601，如 P5D 为 5 日）',
  'Counted in': '计算方式',
  'Working days': '工作日',
  'Calendar days': '自然日',
  'Remind before due (e.g. P1D)': '到期前提醒（如 P1D）',
  'Escalate after overdue (e.g. P1D)': '逾期后升级（如 P1D）',
  'Escalate to (user, group or unit)': '升级至（用户、用户组或单位）',
  'Unit (ID or expression, e.g. =caseUnitId)': '单位（编号或表达式，如 =caseUnitId）',
  'Relation to that unit': '与该单位的关系',
  'The unit itself': '本单位',
  'Upper-level unit': '上一级单位',
  'Lower-level units': '下级单位',
  'Section within it': '其中的科室',
  'The whole unit': '整个单位',
  'Legal affairs office (法制机构)': '法制机构',
  'Enforcement supervision section': '行政执法协调监督科',
  'Role': '角色',
  'Any member': '任一成员',
  'Head': '负责人',
  'Staff member': '工作人员',
  'Unit administrator': '单位管理员',
  'Countersign (zhifa)': '会签 / 或签',
  'Several signers (needs multi-instance)': '多人办理方式（需设置多实例）',
  'All must approve (会签)': '会签（全部同意）',
  'Any one approves (或签)': '或签（任一人同意）',
  'A share must approve': '按比例通过',
  'Share, e.g. 0.5 or 0.67': '通过比例，如 0.5 或 0.67',
  'A number above 0 and at most 1, e.g. 0.67': '须为大于 0、不大于 1 的数，如 0.67',
  'Count the duration in': '时长计算方式',
  'Must be an ISO 8601 duration such as P5D or PT4H': '须为 ISO 8601 时长，如 P5D 或 PT4H',
  'Linked form: {formId}': '已关联表单：{formId}',
  'Create and link a new form': '新建并关联表单',
  'Edit linked form': '编辑已关联表单',
};

/** bpmn-js-bpmnlint's own UI and the messages of the rules we enable (modeler/lint). */
const lint: Readonly<Record<string, string>> = {
  'Issues for child elements': '子元素的问题',
  'Toggle linting overlays': '显示/隐藏校验结果',
  'The engine does not execute this element type': '引擎不支持执行此类元素',
  'The engine does not execute this event type': '引擎不支持执行此类事件',
  'User task has nobody to do it: set an assignee, candidates or an organisation rule': '用户任务没有办理人：请设置办理人、候选人或按组织机构分配',
  'Timer has no date, duration or cycle': '定时器未设置日期、时长或周期',
  'Exclusive gateway needs a default flow or a condition on every outgoing flow': '排他网关需要默认分支，或为每条出口连线设置条件',
  'Process is missing start event': '流程缺少开始事件',
  'Process is missing end event': '流程缺少结束事件',
  'Sub process is missing start event': '子流程缺少开始事件',
  'Sub process is missing end event': '子流程缺少结束事件',
  'Element is not connected': '元素未连接',
  'Flow splits implicitly': '流程隐式分支（请使用网关）',
  'Incoming flows do not join': '多条入口连线没有汇合（请使用网关）',
  'SequenceFlow is a duplicate': '重复的连线',
  'Duplicate outgoing sequence flows': '重复的出口连线',
  'Duplicate incoming sequence flows': '重复的入口连线',
};

/** bpmn-js-token-simulation: it has no i18n, its DOM is translated (i18n/dom-translator.ts). */
const tokenSimulation: Readonly<Record<string, string>> = {
  'Token Simulation': '令牌模拟',
  'Reset Simulation': '重置模拟',
  'Play Simulation': '开始模拟',
  'Pause Simulation': '暂停模拟',
  'Toggle Simulation Log': '显示/隐藏模拟日志',
  'Set Sequence Flow': '选择连线',
  'Trigger Event': '触发事件',
  'Close': '关闭',
  'Slow': '慢',
  'Normal': '正常',
  'Fast': '快',
};

const eventKinds: Readonly<Record<string, string>> = {
  Timer: '定时', Message: '消息', Signal: '信号', Conditional: '条件', Error: '错误', Escalation: '升级',
  Compensate: '补偿', Link: '链接', Terminate: '终止', Cancel: '取消', Multiple: '多重', 'Parallel Multiple': '并行多重',
};
const eventTypes: Readonly<Record<string, string>> = {
  'Start Event': '开始事件', 'End Event': '结束事件', 'Intermediate Throw Event': '中间抛出事件',
  'Intermediate Catch Event': '中间捕获事件', 'Boundary Event': '边界事件',
};

/** The properties panel header names the element type: "User Task", "Timer Start Event (Non Interrupting)"… */
function headerTypeLabels(): Record<string, string> {
  const labels: Record<string, string> = {
    'Process': '流程', 'Collaboration': '协作', 'Participant': '参与者', 'Lane': '泳道', 'Sequence Flow': '顺序流',
    'Default Flow': '默认流', 'Conditional Flow': '条件流', 'Message Flow': '消息流', 'Association': '关联',
    'Task': '任务', 'User Task': '用户任务', 'Service Task': '服务任务', 'Script Task': '脚本任务', 'Send Task': '发送任务',
    'Receive Task': '接收任务', 'Manual Task': '手工任务', 'Business Rule Task': '业务规则任务', 'Call Activity': '调用活动',
    'Expanded Sub Process': '子流程（展开）', 'Collapsed Sub Process': '子流程（折叠）', 'Event Sub Process': '事件子流程',
    'Ad Hoc Sub Process': '临时子流程', 'Transaction': '事务', 'Exclusive Gateway': '排他网关', 'Parallel Gateway': '并行网关',
    'Inclusive Gateway': '包容网关', 'Event Based Gateway': '事件网关', 'Complex Gateway': '复杂网关',
    'Text Annotation': '文本注释', 'Group': '分组', 'Data Object Reference': '数据对象', 'Data Store Reference': '数据存储',
    'Data Input': '数据输入', 'Data Output': '数据输出',
  };
  for (const [type, typeZh] of Object.entries(eventTypes)) {
    labels[type] = typeZh;
    for (const [kind, kindZh] of Object.entries(eventKinds)) {
      labels[`${kind} ${type}`] = `${kindZh}${typeZh}`;
      labels[`${kind} ${type} (Non Interrupting)`] = `${kindZh}${typeZh}（非中断）`;
    }
  }
  return labels;
}

export const HEADER_EVENT_KINDS = Object.keys(eventKinds);
export const HEADER_EVENT_TYPES = Object.keys(eventTypes);

export const zhCNLibrary: Readonly<Record<string, string>> = {
  ...bpmnJsZh, ...headerTypeLabels(), ...bpmnJs, ...propertiesPanelZh, ...zhifaPanel, ...lint, ...tokenSimulation, ...formEditorZh,
};
