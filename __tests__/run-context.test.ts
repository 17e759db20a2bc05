import { describe, expect, test } from '@jest/globals';
import { readRunContext } from '../src/core/run-context.js';

describe('readRunContext', () => {
  test('reads every variable once, trims slashes off URLs, and builds the run URL with the attempt', () => {
    const ctx = readRunContext({
      GITHUB_REPOSITORY: 'acme/api',
      GITHUB_SERVER_URL: 'https://github.example.com/',
      GITHUB_API_URL: 'https://github.example.com/api/v3/',
      GITHUB_RUN_ID: '9876543210',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_SHA: '8f4c2a1e9b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_ACTOR: 'octocat',
    });
    expect(ctx).toEqual({
      repository: 'acme/api',
      serverUrl: 'https://github.example.com',
      apiUrl: 'https://github.example.com/api/v3',
      runId: '9876543210',
      runAttempt: '2',
      sha: '8f4c2a1e9b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39',
      ref: 'refs/heads/main',
      actor: 'octocat',
      runUrl: 'https://github.example.com/acme/api/actions/runs/9876543210/attempts/2',
    });
  });

  test('blank variables count as unset; no run URL without server, repository and run id', () => {
    expect(readRunContext({ GITHUB_REPOSITORY: ' ', GITHUB_RUN_ID: '1', GITHUB_SERVER_URL: 'https://github.com' })).toEqual({
      runId: '1',
      serverUrl: 'https://github.com',
    });
    expect(readRunContext({})).toEqual({});
  });

  test('without an attempt the run URL has none', () => {
    expect(readRunContext({ GITHUB_REPOSITORY: 'a/b', GITHUB_RUN_ID: '7', GITHUB_SERVER_URL: 'https://github.com' }).runUrl).toBe(
      'https://github.com/a/b/actions/runs/7',
    );
  });
});
