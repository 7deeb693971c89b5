// Prints every .tf file of the folder given as JSON ({ "file.tf": {resource: ..., ...} }), for the deployment tests.
const { parse } = require('@cdktf/hcl2json');
const fs = require('fs');
const path = require('path');

(async () => {
  const dir = process.argv[2];
  const out = {};
  for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.tf')).sort()) {
    out[file] = await parse(file, fs.readFileSync(path.join(dir, file), 'utf8'));
  }
  process.stdout.write(JSON.stringify(out));
})().catch(e => {
  console.error(e.message || e);
  process.exit(1);
});
