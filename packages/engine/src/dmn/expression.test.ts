import { describe, expect, it } from 'vitest';
import { evaluateDecision, parseDmn } from './index.js';

const NS = 'https://www.omg.org/spec/DMN/20191111/MODEL/';

/** A BKM `fine(base, factor)` used three ways: positional FEEL call, boxed invocation, and inside a context. */
const model = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="${NS}" id="defs" name="BKMs" namespace="http://zhifa.test/bkm">
  <itemDefinition name="tLevel"><typeRef>string</typeRef><allowedValues><text>"轻微","一般","严重"</text></allowedValues></itemDefinition>
  <inputData id="in-level" name="level"><variable name="level" typeRef="tLevel"/></inputData>
  <decision id="echo" name="echo">
    <informationRequirement><requiredInput href="#in-level"/></informationRequirement>
    <literalExpression><text>level</text></literalExpression>
  </decision>
  <inputData id="in-base" name="base amount"><variable name="base amount" typeRef="number"/></inputData>
  <businessKnowledgeModel id="bkm-fine" name="fine">
    <encapsulatedLogic kind="FEEL">
      <formalParameter name="base" typeRef="number"/>
      <formalParameter name="factor" typeRef="number"/>
      <literalExpression><text>base * factor</text></literalExpression>
    </encapsulatedLogic>
  </businessKnowledgeModel>
  <businessKnowledgeModel id="bkm-loop" name="loop">
    <encapsulatedLogic>
      <formalParameter name="n"/>
      <literalExpression><text>loop(n + 1)</text></literalExpression>
    </encapsulatedLogic>
    <knowledgeRequirement><requiredKnowledge href="#bkm-loop"/></knowledgeRequirement>
  </businessKnowledgeModel>
  <decision id="positional" name="positional">
    <informationRequirement><requiredInput href="#in-base"/></informationRequirement>
    <knowledgeRequirement><requiredKnowledge href="#bkm-fine"/></knowledgeRequirement>
    <literalExpression><text>fine(base amount, 2) + fine(factor: 3, base: 1)</text></literalExpression>
  </decision>
  <decision id="boxed" name="boxed">
    <informationRequirement><requiredInput href="#in-base"/></informationRequirement>
    <knowledgeRequirement><requiredKnowledge href="#bkm-fine"/></knowledgeRequirement>
    <invocation>
      <literalExpression><text>fine</text></literalExpression>
      <binding><parameter name="factor"/><literalExpression><text>10</text></literalExpression></binding>
      <binding><parameter name="base"/><literalExpression><text>base amount</text></literalExpression></binding>
    </invocation>
  </decision>
  <decision id="context" name="context">
    <informationRequirement><requiredInput href="#in-base"/></informationRequirement>
    <knowledgeRequirement><requiredKnowledge href="#bkm-fine"/></knowledgeRequirement>
    <context>
      <contextEntry><variable name="doubled"/><literalExpression><text>fine(base amount, 2)</text></literalExpression></contextEntry>
      <contextEntry><literalExpression><text>doubled + 1</text></literalExpression></contextEntry>
    </context>
  </decision>
  <decision id="runaway" name="runaway">
    <knowledgeRequirement><requiredKnowledge href="#bkm-loop"/></knowledgeRequirement>
    <literalExpression><text>loop(0)</text></literalExpression>
  </decision>
</definitions>`;

describe('BKMs, invocations and contexts', () => {
  it('given a BKM, when FEEL calls it positionally and by name, then both bind the parameters', async () => {
    const dmn = await parseDmn(model);
    expect(evaluateDecision(dmn, 'positional', { 'base amount': 100 })).toMatchObject({ ok: true, result: 203 });
  });

  it('given a boxed invocation, then bindings are passed by parameter name', async () => {
    const dmn = await parseDmn(model);
    expect(evaluateDecision(dmn, 'boxed', { 'base amount': 7 })).toMatchObject({ ok: true, result: 70 });
  });

  it('given a boxed context with a final result entry, then the entries see each other and the result is returned', async () => {
    const dmn = await parseDmn(model);
    const evaluation = evaluateDecision(dmn, 'context', { 'base amount': 5 });
    expect(evaluation).toMatchObject({ ok: true, result: 11 });
    expect(evaluation.ok && evaluation.decisions[0]?.inputs).toEqual({ 'base amount': 5 });
  });

  it('given a BKM that calls itself forever, then evaluation stops with a failure instead of crashing', async () => {
    const dmn = await parseDmn(model);
    const evaluation = evaluateDecision(dmn, 'runaway', {});
    expect(evaluation).toMatchObject({ ok: false, decisionId: 'runaway' });
    expect(!evaluation.ok && evaluation.error).toContain('nested deeper');
  });

  it('given input data of the wrong type, then it fails naming the input data', async () => {
    const dmn = await parseDmn(model);
    const evaluation = evaluateDecision(dmn, 'boxed', { 'base amount': '7' });
    expect(evaluation).toMatchObject({ ok: false, decisionId: 'boxed' });
    expect(!evaluation.ok && evaluation.error).toContain("input data 'base amount' must be a number");
  });

  it('given input data typed by an item definition with allowed values, then other values fail', async () => {
    const dmn = await parseDmn(model);
    expect(evaluateDecision(dmn, 'echo', { level: '一般' })).toMatchObject({ ok: true, result: '一般' });
    expect(evaluateDecision(dmn, 'echo', { level: '特别严重' })).toMatchObject({ ok: false, decisionId: 'echo' });
    expect(evaluateDecision(dmn, 'echo', { level: 3 })).toMatchObject({ ok: false, decisionId: 'echo' });
  });
});
