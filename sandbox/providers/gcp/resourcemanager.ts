/**
 * Resource Manager project discovery. v1 `GET /v1/projects?filter=&pageSize=&pageToken=` is the
 * documented choice for the pipeline (a plain GET through google-auth-library's `request`);
 * v3 `GET /v3/projects:search?query=` is served too. Every world project is ACTIVE; projects
 * configured as forbidden are still discovered (they fail later, in Compute).
 */
import type { ProviderRoute } from '../../server/types.ts';
import type { GcpProject } from '../../world/types.ts';
import { googleError } from './errors.ts';
import { encodeToken, isError, pageResponse, readPage } from './paging.ts';

/** Terms like `id:acme-*`, `name:x`, `labels.env:prod`, `lifecycleState:ACTIVE`, joined by spaces/AND. */
export function matchesFilter(p: GcpProject, filter: string): boolean {
  const terms = filter
    .split(/\s+(?:AND\s+)?/i)
    .map((t) => t.trim())
    .filter((t) => t && t.toUpperCase() !== 'AND');
  return terms.every((term) => {
    const m = /^([\w.-]+)\s*[:=]\s*"?([^"]*)"?$/.exec(term);
    if (!m) return false;
    const key = (m[1] ?? '').toLowerCase();
    const pattern = new RegExp(
      `^${(m[2] ?? '').replace(/[.+?^$()|[\]\\{}]/g, '\\$&').replace(/\*/g, '.*')}$`,
      'i',
    );
    const value =
      key === 'id' || key === 'projectid'
        ? p.projectId
        : key === 'name' || key === 'displayname'
          ? p.name
          : key === 'lifecyclestate' || key === 'state'
            ? 'ACTIVE'
            : key === 'projectnumber'
              ? p.projectNumber
              : key === 'parent.id'
                ? p.parentFolderId
                : key === 'parent.type'
                  ? 'folder'
                  : key.startsWith('labels.')
                    ? p.labels[key.slice(7)]
                    : undefined;
    return value !== undefined && pattern.test(value);
  });
}

export function resourceManagerRoutes(): ProviderRoute[] {
  return [
    {
      method: 'GET',
      path: '/v1/projects',
      handle(req, state) {
        const page = readPage(req.query, 'crm/v1', 'pageSize', 500, 1000);
        if (isError(page)) return page;
        const filter = req.query.get('filter') ?? '';
        let all: GcpProject[];
        try {
          all = state.world().gcp.projects.filter((p) => !filter || matchesFilter(p, filter));
        } catch {
          return googleError(400, `Invalid filter: ${filter}`);
        }
        const slice = all.slice(page.offset, page.offset + page.size);
        const next =
          page.offset + page.size < all.length ? encodeToken('crm/v1', page.offset + page.size) : undefined;
        return pageResponse(
          {
            ...(slice.length > 0
              ? {
                  projects: slice.map((p) => ({
                    projectNumber: p.projectNumber,
                    projectId: p.projectId,
                    lifecycleState: 'ACTIVE',
                    name: p.name,
                    createTime: p.createTime,
                    labels: p.labels,
                    parent: { type: 'folder', id: p.parentFolderId },
                  })),
                }
              : {}),
            ...(next ? { nextPageToken: next } : {}),
          },
          page,
        );
      },
    },
    {
      method: 'GET',
      path: '/v3/projects:search',
      handle(req, state) {
        const page = readPage(req.query, 'crm/v3', 'pageSize', 500, 1000);
        if (isError(page)) return page;
        const query = req.query.get('query') ?? '';
        const all = state.world().gcp.projects.filter((p) => !query || matchesFilter(p, query));
        const slice = all.slice(page.offset, page.offset + page.size);
        const next =
          page.offset + page.size < all.length ? encodeToken('crm/v3', page.offset + page.size) : undefined;
        return pageResponse(
          {
            ...(slice.length > 0
              ? {
                  projects: slice.map((p) => ({
                    name: `projects/${p.projectNumber}`,
                    parent: `folders/${p.parentFolderId}`,
                    projectId: p.projectId,
                    state: 'ACTIVE',
                    displayName: p.name,
                    createTime: p.createTime,
                    updateTime: p.createTime,
                    etag: `W/"${p.projectNumber.slice(-6)}"`,
                    labels: p.labels,
                  })),
                }
              : {}),
            ...(next ? { nextPageToken: next } : {}),
          },
          page,
        );
      },
    },
  ];
}
