import { isActive } from '../detector.ts';
import { pct, seriesTitle, type AlertSender } from './types.ts';

/** Fails the step (after the record, outputs and summary are written) when a series regressed and has not recovered. */
export const failAlert: AlertSender = {
  async deliver({ analysis }) {
    const regressed = analysis.series.filter((s) => isActive(s.evaluation));
    if (regressed.length === 0) return { channel: 'fail', actions: [] };
    const list = regressed.map((s) => `${seriesTitle(s)} ${pct(s.evaluation.ratio_hl)}`).join('; ');
    return { channel: 'fail', actions: [`failing the step: ${regressed.length} regression(s)`], failure: `${regressed.length} duration regression(s): ${list}` };
  },
};
