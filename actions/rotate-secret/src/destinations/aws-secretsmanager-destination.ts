import { UserError, messageOf } from '../../../../shared/errors.ts';
import { SecretsManager } from '../../../../shared/destinations/aws-secretsmanager.ts';
import { failure } from '../failure.ts';
import { TOKEN_PREFIX, clientRequestToken, type AwsSecretsManagerSpec } from './aws-secretsmanager.ts';
import type { Destination, DestinationDeps, RotationRef, WriteOutcome } from './types.ts';

/** The Secrets Manager destination (aws-secretsmanager.ts explains the protocol); loaded by its kind's `open`. */

class SecretsManagerDestination implements Destination {
  readonly id: string;
  readonly #secretId: string;
  readonly #sm: SecretsManager;
  /** Versions known to exist here, by token (recover found them, or stage stored them). */
  readonly #found = new Map<string, 'labelled' | 'unlabelled'>();

  readonly #log: (line: string) => void;

  constructor(spec: AwsSecretsManagerSpec, sm: SecretsManager, log: (line: string) => void) {
    this.id = spec.id;
    this.#secretId = spec.secretId;
    this.#sm = sm;
    this.#log = log;
  }

  async prepare(): Promise<void> {
    const id = this.#secretId;
    const d = await this.#sm.describeSecret(id).catch((error: unknown) => {
      throw failure(`${this.id}: cannot describe the secret`, error);
    });
    if (!d) {
      throw new UserError(
        `${this.id}: the secret does not exist, or the role cannot see it. Create it first (aws secretsmanager create-secret --name ${id} …): rotate-secret adds versions to an existing secret and never creates one.`,
      );
    }
    if (d.deletedDate !== undefined) throw new UserError(`${this.id}: the secret is scheduled for deletion; restore it (aws secretsmanager restore-secret) or remove the destination`);
    if (d.rotationEnabled) {
      throw new UserError(
        `${this.id}: the secret has rotation turned on in Secrets Manager (a rotation function rotates it); two rotators would fight over its AWSPENDING label. Turn that rotation off (aws secretsmanager cancel-rotate-secret) or do not rotate it here.`,
      );
    }
    for (const [versionId, stages] of Object.entries(d.versionIdsToStages)) {
      if (!stages.includes('AWSPENDING') || stages.includes('AWSCURRENT') || versionId.startsWith(TOKEN_PREFIX)) continue;
      throw new UserError(
        `${this.id}: version ${versionId} is labelled AWSPENDING by something other than rotate-secret (an unfinished rotation?); its value may be the only copy of a credential, so it is left alone. ` +
          `When it is not needed: aws secretsmanager update-secret-version-stage --secret-id ${this.#secretId} --version-stage AWSPENDING --remove-from-version-id ${versionId}`,
      );
    }
  }

  async recover({ version }: RotationRef): Promise<string | undefined> {
    const token = clientRequestToken(version);
    const found = await this.#sm.getSecretValue(this.#secretId, { versionId: token });
    if (found === undefined) return undefined;
    this.#found.set(token, found.versionStages.length > 0 ? 'labelled' : 'unlabelled');
    return found.secretString;
  }

  async stage(value: string, { version }: RotationRef): Promise<void> {
    const token = clientRequestToken(version);
    const found = this.#found.get(token);
    if (found === 'labelled') return;
    try {
      if (found === 'unlabelled') {
        // The version exists but lost its labels (someone removed AWSPENDING by hand): label it again.
        const d = await this.#sm.describeSecret(this.#secretId);
        const holder = Object.entries(d?.versionIdsToStages ?? {}).find(([, stages]) => stages.includes('AWSPENDING'))?.[0];
        await this.#sm.updateSecretVersionStage(this.#secretId, 'AWSPENDING', { moveToVersionId: token, ...(holder ? { removeFromVersionId: holder } : {}) });
      } else {
        await this.#sm.storePending(this.#secretId, value, token);
      }
      this.#found.set(token, 'labelled');
    } catch (error) {
      if (/ResourceExistsException/.test(messageOf(error))) {
        throw new UserError(
          `${this.id}: version ${token} already holds another value (the interrupted rotation ran with a different \`value\` input?); re-run with the inputs it had, or delete the lock variable to start a new rotation`,
          { cause: error },
        );
      }
      throw failure(`Failed to store the pending value at ${this.id}`, error);
    }
  }

  async write(_value: string, { version }: RotationRef): Promise<WriteOutcome> {
    const token = clientRequestToken(version);
    try {
      const { previousVersionId } = await this.#sm.promote(this.#secretId, token);
      return previousVersionId === undefined ? 'unchanged' : 'updated';
    } catch (error) {
      // The promotion is two label moves: when the first landed, the commit happened — the engine
      // must count this destination as holding the new value (it then keeps the lock and never
      // reverts the target under it). Only the cleanup of AWSPENDING was lost; on the current
      // version that label is a state Secrets Manager allows, and the next rotation moves it.
      const now = await this.#sm.describeSecret(this.#secretId).catch(() => undefined);
      if (now?.versionIdsToStages[token]?.includes('AWSCURRENT')) {
        this.#log(`${this.id}: the new version is AWSCURRENT; removing its AWSPENDING label failed (${messageOf(error)})`);
        return 'updated';
      }
      throw failure(`Failed to make the new version AWSCURRENT at ${this.id}`, error);
    }
  }

  async discard({ version }: RotationRef): Promise<void> {
    await this.#sm.discardPending(this.#secretId, clientRequestToken(version));
  }
}

/** One client per region, with the run's AWS credentials (refreshed before they expire). */
export async function openSecretsManager(specs: readonly AwsSecretsManagerSpec[], deps: DestinationDeps): Promise<Destination[]> {
  const access = await deps.cloud('aws');
  const clients = new Map<string, SecretsManager>();
  const client = (region: string): SecretsManager => {
    let sm = clients.get(region);
    if (!sm) {
      sm = new SecretsManager({
        redactor: deps.redactor,
        log: deps.log,
        signal: deps.signal,
        stats: deps.stats,
        region,
        ...(access.endpoints.secretsmanager ? { endpoint: access.endpoints.secretsmanager } : {}),
        credentials: access.credentials,
      });
      clients.set(region, sm);
    }
    return sm;
  };
  return specs.map((spec) => new SecretsManagerDestination(spec, client(spec.region ?? access.config.region), (line) => deps.log.warning(line)));
}
