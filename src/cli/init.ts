/** `cs init`: a starter config and workflow for the current directory. */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';

export interface InitResult {
  files: string[];
  builder: 'csdocker' | 'nixpacks';
}

export async function initProject(dir: string, configFile: string, force: boolean): Promise<InitResult> {
  const configPath = resolve(dir, configFile);
  const appDir = dirname(configPath); // the app's `path = "."` resolves against the config's folder
  // GitHub runs workflows only from the repository root, and the action reads `config` from there.
  const root = repositoryRoot(dir) ?? dir;
  const workflowPath = join(root, '.github', 'workflows', 'deploy.yml');
  const existing = [configPath, workflowPath].filter((f) => existsSync(f));
  if (existing.length && !force) {
    throw new UserError(`${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''}`, 'pass --force to overwrite');
  }
  const builder = existsSync(join(appDir, 'Dockerfile')) ? 'csdocker' : 'nixpacks';
  // The folder's name, as a project name whose image and container names docker accepts: letters and
  // digits joined by single dashes (`svc_`, `My App!` → `svc`, `My-App`), at most 63 characters.
  const project = basename(appDir).split(/[^A-Za-z0-9]+/).filter(Boolean).join('-').slice(0, 63).replace(/-+$/, '') || 'app';
  await mkdir(appDir, { recursive: true });
  await writeFile(configPath, starterConfig(project, builder));
  await mkdir(dirname(workflowPath), { recursive: true });
  await writeFile(workflowPath, starterWorkflow(relative(root, configPath).split('\\').join('/'), builder));
  return { files: [configPath, workflowPath], builder };
}

/** The nearest folder up from `dir` holding `.git`, if any. */
function repositoryRoot(dir: string): string | null {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return null;
  }
}

function starterConfig(project: string, builder: 'csdocker' | 'nixpacks'): string {
  const buildExtras =
    builder === 'csdocker'
      ? `    dockerfile = "Dockerfile"
    # Every key under this Vault KV path becomes a BuildKit secret (RUN --mount=type=secret,id=KEY):
    # secrets_path = "secret/data/${project}/web"`
      : `    # nixpacks detects the language; no Dockerfile needed.`;
  return `project = "${project}"

variable "tag" {
  default     = "latest"
  type        = string
  env         = ["IMAGE_TAG"]
  description = "image tag"
}

# Project-wide Vault settings for build secrets (optional):
# vault {
#   address     = "https://vault.example.com"
#   auth_method = "jwt"          # GitHub OIDC; or "approle" / "token"
#   role        = "ci"
# }

app "web" {
  path = "."

  build {
    use   = "${builder}"
    image = "${project.toLowerCase()}/web"
    tag   = "\${var.tag}-\${git.short_sha}"
${buildExtras}
  }

  # Push to a registry (e.g. Azure Container Registry):
  # registry {
  #   use      = "docker"
  #   image    = "myregistry.azurecr.io/${project.toLowerCase()}/web"
  #   username = env("REGISTRY_USERNAME")
  #   password = env("REGISTRY_PASSWORD")
  # }

  deploy {
    use   = "docker"
    ports = ["8080:8080"]
    healthcheck = { path = "/" }
  }
}
`;
}

/** Runners have docker but not nixpacks: a nixpacks build installs it first (its documented installer). */
const INSTALL_NIXPACKS = `      - name: install nixpacks
        run: curl -sSL https://nixpacks.com/install.sh | bash
`;

function starterWorkflow(configFile: string, builder: InitResult['builder']): string {
  return `name: deploy
on:
  push:
    branches: [main]
  workflow_dispatch:
    inputs:
      tag:
        description: image tag
        default: latest

permissions:
  contents: read
  id-token: write   # Vault jwt auth through GitHub OIDC

# One deploy at a time: a push and a manual run queue instead of replacing the same app at once.
concurrency:
  group: deploy
  cancel-in-progress: false

jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
${builder === 'nixpacks' ? INSTALL_NIXPACKS : ''}      - id: cs
        uses: cloudstation/orchestrator@v1
        with:
          command: up
          config: ${configFile}
          variables: |
            tag=\${{ inputs.tag || 'latest' }}
          registry-username: \${{ secrets.REGISTRY_USERNAME }}
          registry-password: \${{ secrets.REGISTRY_PASSWORD }}
      - run: echo "deployed \${{ steps.cs.outputs.image }} as \${{ steps.cs.outputs.deployment-id }}"
`;
}
