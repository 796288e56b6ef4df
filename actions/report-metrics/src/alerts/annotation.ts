import { pct, seriesTitle, type AlertSender } from './types.ts';

/** A warning annotation per regressed series (shown on the run's page), a notice per suspected one. */
export const annotationAlert: AlertSender = {
  async deliver({ ctx, analysis }) {
    const actions: string[] = [];
    for (const s of analysis.series) {
      const e = s.evaluation;
      if (e.verdict === 'regression') {
        const first = e.first_slow_run ? ` First slow run: #${e.first_slow_run.run_number} (${e.first_slow_run.head_sha.slice(0, 7)}) ${e.first_slow_run.url}` : '';
        const recovered = e.recovered ? ' Its newest runs are back under the baseline (recovered).' : '';
        ctx.log.warning(`${seriesTitle(s)} is ${pct(e.ratio_hl)} slower than its baseline. ${e.reason}${first}${recovered}`, undefined, { title: 'Duration regression' });
        actions.push(`warning: ${seriesTitle(s)}`);
      } else if (e.verdict === 'suspected') {
        ctx.log.info(`suspected slowdown, not alerted: ${seriesTitle(s)}: ${e.reason}`);
      }
    }
    return { channel: 'annotation', actions };
  },
};
