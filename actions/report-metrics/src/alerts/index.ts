import type { AlertChannel } from '../inputs.ts';
import type { AlertSender } from './types.ts';

/**
 * Alert channels, one file per kind behind AlertSender. None of them is on the start path: main
 * loads this folder after the analysis, and each kind loads only when `alert` names it
 * (issue.ts and alertmanager.ts bring the GitHub client and the HTTP client with them).
 */
export async function senderFor(channel: AlertChannel): Promise<AlertSender> {
  switch (channel.kind) {
    case 'annotation':
      return (await import('./annotation.ts')).annotationAlert;
    case 'fail':
      return (await import('./fail.ts')).failAlert;
    case 'issue':
      return (await import('./issue.ts')).issueAlert;
    case 'alertmanager':
      return (await import('./alertmanager.ts')).alertmanagerAlert(channel.url);
  }
}
