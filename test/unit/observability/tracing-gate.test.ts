import { defaultPayloadConverter } from '@temporalio/common';
import { carriesSampledTrace } from '../../../workflows/tracing-interceptors';

const header = (carrier: unknown) => ({ '_tracer-data': defaultPayloadConverter.toPayload(carrier) });
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('carriesSampledTrace (whether a workflow makes spans: decided by its history, not the worker)', () => {
  it('is true for a valid, sampled W3C trace context', () => {
    expect(carriesSampledTrace(header({ traceparent: `00-${TRACE}-${SPAN}-01` }))).toBe(true);
  });

  it.each([
    ['no header', {}],
    ['an empty carrier (client interceptor without a tracer)', header({})],
    ['an unsampled context', header({ traceparent: `00-${TRACE}-${SPAN}-00` })],
    ['an all-zero trace id', header({ traceparent: `00-${'0'.repeat(32)}-${SPAN}-01` })],
    ['an all-zero span id', header({ traceparent: `00-${TRACE}-${'0'.repeat(16)}-01` })],
    ['another version', header({ traceparent: `ff-${TRACE}-${SPAN}-01` })],
    ['garbage', header({ traceparent: 'not a traceparent' })],
    ['a non-object payload', header('00-x')],
    ['an undecodable payload', { '_tracer-data': { metadata: { encoding: new TextEncoder().encode('binary/null') } } }],
  ])('is false for %s', (_name, headers) => {
    expect(carriesSampledTrace(headers)).toBe(false);
  });
});
