/**
 * Live status as findings on the manifest that declares the instance: the editor shows a Failed or
 * Missing instance where the developer can act on it. Pure: the status comes in, findings go out.
 */
import type { Finding } from '../checks/finding';
import { RULES } from '../checks/rules';
import type { Span } from '../text';
import type { InstanceStatus } from './types';

/** Findings for one instance's status, positioned at `span` (its `metadata.name`, else its `kind`). */
export function statusFindings(status: InstanceStatus, span: Span, context: string): Finding[] {
  const what = `${status.kind} ${status.name}`;
  const where = `on cluster ${context}${status.namespace ? ` (namespace ${status.namespace})` : ''}`;
  const detail = (s: { reason?: string; message?: string }) => [s.reason, s.message].filter(Boolean).join(': ');
  const data = { instanceId: status.id, state: status.state, reason: status.reason, uri: status.uri, documentIndex: status.documentIndex };
  switch (status.state) {
    case 'Failed': {
      const failedChild = status.children.find((c) => c.state === 'Failed');
      const childText = failedChild ? `; ${failedChild.kind} ${failedChild.name}: ${detail(failedChild)}` : '';
      return [{ code: 'provisioning-failed', severity: RULES['provisioning-failed'].severity, message: `${what} failed to provision ${where}: ${detail(status) || 'no reason given'}${childText}`, span, data }];
    }
    case 'Missing':
      if (status.reason === 'NotServed') {
        return [{ code: 'not-ready', severity: 'warning', message: `${what} cannot exist ${where}: ${status.message ?? 'its type is not served'}`, span, data }];
      }
      return [{ code: 'not-ready', severity: 'warning', message: `${what} does not exist ${where}: apply it to provision it`, span, data }];
    case 'Progressing':
      return [{ code: 'not-ready', severity: 'information', message: `${what} is not ready yet ${where}${status.reason ? `: ${detail(status)}` : ''}`, span, data }];
    default:
      if (status.state === 'Ready' && status.connectionSecret?.present === false) {
        return [{ code: 'not-ready', severity: 'information', message: `${what} is Ready, but its connection Secret ${status.connectionSecret.name} does not exist ${where} yet`, span, data }];
      }
      return [];
  }
}
