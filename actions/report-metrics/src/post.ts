import { runPost } from '../../../shared/run-action.ts';
import { reportResources } from './resources.ts';

await runPost('report-metrics', reportResources);
