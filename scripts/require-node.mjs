// Stops an npm script with one line when this Node is older than the one the action runs on (node24).
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `ecs-template-deploy needs Node 24 or newer, as GitHub runs the action on node24 (this is ${process.version}): ` +
      'run "nvm install" (it reads .nvmrc) or "source scripts/node24.sh", then run the command again.',
  );
  process.exit(1);
}
