// JSON shapes as GitHub returns them (checked against the OpenAPI description on every response).
import { createHash } from 'node:crypto';
import type {
  Account,
  AttemptRec,
  CommentRec,
  CommitRec,
  DeploymentRec,
  DeploymentStatusRec,
  EnvironmentRec,
  IssueRec,
  JobRec,
  RepoRec,
  RunRec,
  Store,
} from './store.ts';

const HTML = 'https://github.com';

/** GitHub's legacy global node ids: base64 of "<len>:<Type><id>". */
export function nodeId(type: string, id: number): string {
  return Buffer.from(`${String(type.length).padStart(2, '0')}:${type}${id}`).toString('base64');
}

const enc = encodeURIComponent;

export class Renderer {
  readonly api: string;
  private readonly store: Store;
  constructor(apiBase: string, store: Store) {
    this.api = apiBase;
    this.store = store;
  }

  repoUrl(repo: RepoRec): string {
    return `${this.api}/repos/${repo.fullName}`;
  }

  user(a: Account): Record<string, unknown> {
    const u = `${this.api}/users/${enc(a.login)}`;
    return {
      login: a.login,
      id: a.id,
      node_id: nodeId(a.type === 'Organization' ? 'Organization' : a.type, a.id),
      avatar_url: `https://avatars.githubusercontent.com/u/${a.id}?v=4`,
      gravatar_id: '',
      url: u,
      html_url: `${HTML}/${enc(a.login)}`,
      followers_url: `${u}/followers`,
      following_url: `${u}/following{/other_user}`,
      gists_url: `${u}/gists{/gist_id}`,
      starred_url: `${u}/starred{/owner}{/repo}`,
      subscriptions_url: `${u}/subscriptions`,
      organizations_url: `${u}/orgs`,
      repos_url: `${u}/repos`,
      events_url: `${u}/events{/privacy}`,
      received_events_url: `${u}/received_events`,
      type: a.type,
      user_view_type: 'public',
      site_admin: false,
    };
  }

  minimalRepo(r: RepoRec): Record<string, unknown> {
    const b = this.repoUrl(r);
    return {
      id: r.id,
      node_id: nodeId('Repository', r.id),
      name: r.name,
      full_name: r.fullName,
      owner: this.user(r.owner),
      private: r.private,
      html_url: `${HTML}/${r.fullName}`,
      description: null,
      fork: false,
      url: b,
      archive_url: `${b}/{archive_format}{/ref}`,
      assignees_url: `${b}/assignees{/user}`,
      blobs_url: `${b}/git/blobs{/sha}`,
      branches_url: `${b}/branches{/branch}`,
      collaborators_url: `${b}/collaborators{/collaborator}`,
      comments_url: `${b}/comments{/number}`,
      commits_url: `${b}/commits{/sha}`,
      compare_url: `${b}/compare/{base}...{head}`,
      contents_url: `${b}/contents/{+path}`,
      contributors_url: `${b}/contributors`,
      deployments_url: `${b}/deployments`,
      downloads_url: `${b}/downloads`,
      events_url: `${b}/events`,
      forks_url: `${b}/forks`,
      git_commits_url: `${b}/git/commits{/sha}`,
      git_refs_url: `${b}/git/refs{/sha}`,
      git_tags_url: `${b}/git/tags{/sha}`,
      git_url: `git://github.com/${r.fullName}.git`,
      hooks_url: `${b}/hooks`,
      issue_comment_url: `${b}/issues/comments{/number}`,
      issue_events_url: `${b}/issues/events{/number}`,
      issues_url: `${b}/issues{/number}`,
      keys_url: `${b}/keys{/key_id}`,
      labels_url: `${b}/labels{/name}`,
      languages_url: `${b}/languages`,
      merges_url: `${b}/merges`,
      milestones_url: `${b}/milestones{/number}`,
      notifications_url: `${b}/notifications{?since,all,participating}`,
      pulls_url: `${b}/pulls{/number}`,
      releases_url: `${b}/releases{/id}`,
      ssh_url: `git@github.com:${r.fullName}.git`,
      stargazers_url: `${b}/stargazers`,
      statuses_url: `${b}/statuses/{sha}`,
      subscribers_url: `${b}/subscribers`,
      subscription_url: `${b}/subscription`,
      tags_url: `${b}/tags`,
      teams_url: `${b}/teams`,
      trees_url: `${b}/git/trees{/sha}`,
      clone_url: `${HTML}/${r.fullName}.git`,
      mirror_url: null,
      svn_url: `${HTML}/${r.fullName}`,
      homepage: null,
      language: null,
      visibility: r.private ? 'private' : 'public',
    };
  }

  fullRepo(r: RepoRec): Record<string, unknown> {
    const openIssues = r.issues.filter((i) => i.state === 'open').length;
    const full: Record<string, unknown> = {
      ...this.minimalRepo(r),
      forks_count: 0,
      stargazers_count: 0,
      watchers_count: 0,
      size: 0,
      default_branch: r.defaultBranch,
      open_issues_count: openIssues,
      is_template: false,
      topics: [],
      has_issues: true,
      has_projects: true,
      has_wiki: true,
      has_pages: false,
      has_downloads: true,
      has_discussions: false,
      archived: false,
      disabled: false,
      pushed_at: r.createdAt,
      created_at: r.createdAt,
      updated_at: r.createdAt,
      permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
      allow_rebase_merge: true,
      allow_squash_merge: true,
      allow_merge_commit: true,
      allow_auto_merge: false,
      delete_branch_on_merge: false,
      allow_forking: true,
      web_commit_signoff_required: false,
      network_count: 0,
      subscribers_count: 0,
      license: null,
      forks: 0,
      open_issues: openIssues,
      watchers: 0,
    };
    if (r.owner.type === 'Organization') full['organization'] = this.user(r.owner);
    return full;
  }

  environment(r: RepoRec, e: EnvironmentRec): Record<string, unknown> {
    const rules: Record<string, unknown>[] = [];
    if (e.waitTimer !== undefined) {
      rules.push({ id: e.id * 10 + 1, node_id: nodeId('Gate', e.id * 10 + 1), type: 'wait_timer', wait_timer: e.waitTimer });
    }
    if (e.reviewers.length) {
      const reviewers = e.reviewers.flatMap((rv) => {
        const acct = [...this.store.accounts.values()].find((a) => a.id === rv.id);
        return acct ? [{ type: rv.type, reviewer: this.user(acct) }] : [];
      });
      rules.push({
        id: e.id * 10 + 2,
        node_id: nodeId('Gate', e.id * 10 + 2),
        prevent_self_review: e.preventSelfReview ?? false,
        type: 'required_reviewers',
        reviewers,
      });
    }
    if (e.branchPolicy) rules.push({ id: e.id * 10 + 3, node_id: nodeId('Gate', e.id * 10 + 3), type: 'branch_policy' });
    return {
      id: e.id,
      node_id: nodeId('Environment', e.id),
      name: e.name,
      url: `${this.repoUrl(r)}/environments/${enc(e.name)}`,
      html_url: `${HTML}/${r.fullName}/deployments/activity_log?environments_filter=${enc(e.name)}`,
      created_at: e.createdAt,
      updated_at: e.updatedAt,
      protection_rules: rules,
      deployment_branch_policy: e.branchPolicy,
    };
  }

  deployment(r: RepoRec, d: DeploymentRec): Record<string, unknown> {
    const url = `${this.repoUrl(r)}/deployments/${d.id}`;
    return {
      url,
      id: d.id,
      node_id: nodeId('Deployment', d.id),
      sha: d.sha,
      ref: d.ref,
      task: d.task,
      payload: d.payload,
      original_environment: d.originalEnvironment,
      environment: d.environment,
      description: d.description,
      creator: this.user(d.creator),
      created_at: d.createdAt,
      updated_at: d.updatedAt,
      statuses_url: `${url}/statuses`,
      repository_url: this.repoUrl(r),
      transient_environment: d.transient,
      production_environment: d.production,
      performed_via_github_app: null,
    };
  }

  deploymentStatus(r: RepoRec, d: DeploymentRec, s: DeploymentStatusRec): Record<string, unknown> {
    const deploymentUrl = `${this.repoUrl(r)}/deployments/${d.id}`;
    return {
      url: `${deploymentUrl}/statuses/${s.id}`,
      id: s.id,
      node_id: nodeId('DeploymentStatus', s.id),
      state: s.state,
      creator: this.user(s.creator),
      description: s.description,
      environment: s.environment,
      target_url: s.targetUrl,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
      deployment_url: deploymentUrl,
      repository_url: this.repoUrl(r),
      environment_url: s.environmentUrl,
      log_url: s.logUrl,
      performed_via_github_app: null,
    };
  }

  workflowRun(r: RepoRec, run: RunRec): Record<string, unknown> {
    const url = `${this.repoUrl(r)}/actions/runs/${run.id}`;
    const checkSuiteId = run.id + 500_000;
    return {
      id: run.id,
      name: run.name,
      node_id: nodeId('WorkflowRun', run.id),
      check_suite_id: checkSuiteId,
      check_suite_node_id: nodeId('CheckSuite', checkSuiteId),
      head_branch: run.headBranch,
      head_sha: run.headSha,
      path: run.path,
      run_number: run.runNumber,
      run_attempt: run.runAttempt,
      referenced_workflows: [],
      event: run.event,
      status: run.status,
      conclusion: run.conclusion,
      workflow_id: run.workflowId,
      url,
      html_url: `${HTML}/${r.fullName}/actions/runs/${run.id}`,
      pull_requests: [],
      created_at: run.createdAt,
      updated_at: run.updatedAt,
      actor: this.user(run.actor),
      triggering_actor: this.user(run.actor),
      run_started_at: run.runStartedAt ?? run.createdAt,
      jobs_url: `${url}/jobs`,
      logs_url: `${url}/logs`,
      check_suite_url: `${this.repoUrl(r)}/check-suites/${checkSuiteId}`,
      artifacts_url: `${url}/artifacts`,
      cancel_url: `${url}/cancel`,
      rerun_url: `${url}/rerun`,
      previous_attempt_url: run.runAttempt > 1 ? `${url}/attempts/${run.runAttempt - 1}` : null,
      workflow_url: `${this.repoUrl(r)}/actions/workflows/${run.workflowId}`,
      head_commit: {
        id: run.headSha,
        tree_id: createHash('sha1').update(`tree:${run.headSha}`).digest('hex'),
        message: run.displayTitle,
        timestamp: run.createdAt,
        author: { name: run.actor.login, email: `${run.actor.id}+${run.actor.login}@users.noreply.github.com` },
        committer: { name: 'GitHub', email: 'noreply@github.com' },
      },
      repository: this.minimalRepo(r),
      head_repository: this.minimalRepo(r),
      display_title: run.displayTitle,
    };
  }

  /** The run as it was at an earlier attempt (GET …/attempts/{n}); the latest attempt renders as the run. */
  workflowRunAttempt(r: RepoRec, run: RunRec, attempt: AttemptRec): Record<string, unknown> {
    const url = `${this.repoUrl(r)}/actions/runs/${run.id}`;
    return {
      ...this.workflowRun(r, run),
      run_attempt: attempt.number,
      status: attempt.status,
      conclusion: attempt.conclusion,
      run_started_at: attempt.runStartedAt,
      updated_at: attempt.updatedAt,
      previous_attempt_url: attempt.number > 1 ? `${url}/attempts/${attempt.number - 1}` : null,
    };
  }

  commit(r: RepoRec, c: CommitRec, parent: CommitRec | undefined = undefined): Record<string, unknown> {
    const url = `${this.repoUrl(r)}/commits/${c.sha}`;
    const person = { name: c.author, email: `${c.author}@users.noreply.github.com`, date: c.date };
    return {
      url,
      sha: c.sha,
      node_id: nodeId('Commit', parseInt(c.sha.slice(0, 8), 16)),
      html_url: `${HTML}/${r.fullName}/commit/${c.sha}`,
      comments_url: `${url}/comments`,
      commit: {
        url: `${this.repoUrl(r)}/git/commits/${c.sha}`,
        author: person,
        committer: person,
        message: c.message,
        comment_count: 0,
        tree: { sha: createHash('sha1').update(`tree:${c.sha}`).digest('hex'), url: `${this.repoUrl(r)}/git/trees/${c.sha}` },
        verification: { verified: false, reason: 'unsigned', payload: null, signature: null, verified_at: null },
      },
      // The GitHub accounts behind the git identities.
      author: this.user(this.store.account(c.author)),
      committer: this.user(this.store.account(c.author)),
      parents: parent ? [{ sha: parent.sha, url: `${this.repoUrl(r)}/commits/${parent.sha}`, html_url: `${HTML}/${r.fullName}/commit/${parent.sha}` }] : [],
    };
  }

  job(r: RepoRec, run: RunRec, j: JobRec): Record<string, unknown> {
    const runUrl = `${this.repoUrl(r)}/actions/runs/${run.id}`;
    return {
      id: j.id,
      run_id: run.id,
      run_url: runUrl,
      run_attempt: j.runAttempt,
      node_id: nodeId('CheckRun', j.id),
      head_sha: run.headSha,
      url: `${this.repoUrl(r)}/actions/jobs/${j.id}`,
      html_url: `${HTML}/${r.fullName}/actions/runs/${run.id}/job/${j.id}`,
      status: j.status,
      conclusion: j.conclusion,
      created_at: j.createdAt,
      started_at: j.startedAt,
      completed_at: j.completedAt,
      name: j.name,
      steps: j.steps.map((s) => ({
        name: s.name,
        status: s.status,
        conclusion: s.conclusion,
        number: s.number,
        started_at: s.startedAt,
        completed_at: s.completedAt,
      })),
      check_run_url: `${this.repoUrl(r)}/check-runs/${j.id}`,
      labels: j.labels,
      runner_id: j.status === 'queued' ? null : 1,
      runner_name: j.status === 'queued' ? null : (j.runnerName ?? 'GitHub Actions 1'),
      runner_group_id: j.status === 'queued' ? null : 0,
      runner_group_name: j.status === 'queued' ? null : (j.runnerGroupName ?? 'GitHub Actions'),
      workflow_name: run.name,
      head_branch: run.headBranch,
    };
  }

  label(r: RepoRec, name: string): Record<string, unknown> {
    const id = parseInt(createHash('sha1').update(`${r.id}:${name}`).digest('hex').slice(0, 8), 16);
    return {
      id,
      node_id: nodeId('Label', id),
      url: `${this.repoUrl(r)}/labels/${enc(name)}`,
      name,
      description: null,
      color: 'ededed',
      default: false,
    };
  }

  issue(r: RepoRec, i: IssueRec): Record<string, unknown> {
    const url = `${this.repoUrl(r)}/issues/${i.number}`;
    const assignees = i.assignees.map((login) => this.user(this.store.account(login)));
    return {
      id: i.id,
      node_id: nodeId('Issue', i.id),
      url,
      repository_url: this.repoUrl(r),
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      html_url: `${HTML}/${r.fullName}/issues/${i.number}`,
      number: i.number,
      state: i.state,
      state_reason: i.stateReason,
      title: i.title,
      body: i.body,
      user: this.user(i.user),
      labels: i.labels.map((name) => this.label(r, name)),
      assignee: assignees[0] ?? null,
      assignees,
      milestone: null,
      locked: false,
      active_lock_reason: null,
      comments: r.comments.filter((c) => c.issueNumber === i.number).length,
      closed_at: i.closedAt,
      created_at: i.createdAt,
      updated_at: i.updatedAt,
      author_association: 'OWNER',
      timeline_url: `${url}/timeline`,
    };
  }

  comment(r: RepoRec, c: CommentRec): Record<string, unknown> {
    return {
      id: c.id,
      node_id: nodeId('IssueComment', c.id),
      url: `${this.repoUrl(r)}/issues/comments/${c.id}`,
      body: c.body,
      html_url: `${HTML}/${r.fullName}/issues/${c.issueNumber}#issuecomment-${c.id}`,
      user: this.user(c.user),
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      issue_url: `${this.repoUrl(r)}/issues/${c.issueNumber}`,
      author_association: 'OWNER',
    };
  }
}
