import type { ToolContext, ToolRunner } from './types.ts';

/** The chosen tool's runner, loaded with `await import()`: only that file (and what it needs) is read. */
export async function openTool(t: ToolContext): Promise<ToolRunner> {
  switch (t.settings.tool) {
    case 'terraform':
    case 'tofu':
      return (await import('./terraform.ts')).openTool(t);
    case 'ansible':
      return (await import('./ansible.ts')).openTool(t);
  }
}
