import { runAction } from '../../../shared/run-action.ts';
import { run } from './main.ts';

await runAction('deploy', run);
