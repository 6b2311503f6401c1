#!/usr/bin/env python3
"""Held-out evaluation set for the fabric-privacy SECRET (credential) detector.

Provenance
----------
This generator and the file it writes, ``secrets_heldout.jsonl``, were written
by an author who never saw the detector: not its code, not its rules or
patterns, not the corpora it was built or tuned on, and not its other test
sets.  Formats come only from public knowledge (gitleaks' config/gitleaks.toml,
trufflehog's pkg/detectors, provider documentation, RFCs), cited in comments
next to each generator below.

Rules of use
------------
* This set is NEVER used to tune the detector.  The figures measured on it
  (recall on positives, false positives on hard negatives) are gates only.
* If the detector misses lines here or fires on negatives, fix the detector
  from first principles and from other data -- never by editing this file,
  changing SEED, dropping lines, relabelling, or regenerating the set until it
  passes.  Reading individual failures to understand a *class* of problem is
  fine; copying its strings into rules or training data is not.

What it holds
-------------
One JSON object per line, positives first, then hard negatives:

* 400 positive lines (``"kind": "positive"``), spread evenly over 17 families
  (``"family"`` key): aws_key_pair, aws_access_key_id_alone, github, gitlab,
  slack, stripe, google_api_key, openai, anthropic, huggingface, jwt,
  pem_private_key, password_assignment, connection_string, bearer_or_basic,
  fabric_api_key, generic_high_entropy.  Each ``entities`` item is
  ``{"type": "SECRET", "value": <exact substring of text>}`` and the value is
  the credential only (token, password, 40-char AWS secret, whole JWT, whole
  PEM block from BEGIN through the END line's final dashes, whole
  ``fabric_<id>_<secret>``), never the surrounding key word.  An AWS key pair
  line has two entities.
* 1,600 hard-negative lines (``"entities": []``), 133-134 per kind:
  uuid, git_sha, hash_hex, base64_blob, public_key, placeholder,
  talk_about_secrets, version_or_build, identifiers, urls, random_words,
  low_entropy_assignments.

Contexts imitate what an AI agent's memory store holds: shell history, .env
files, docker-compose / Kubernetes YAML, CI logs, Python/JS/Go/Rust snippets,
chat messages, stack traces, JSON config, curl commands, notes in several
languages.  Every random character is drawn fresh from a fixed-seed PRNG with
the format's correct prefix, length and alphabet; none is a real key and the
AWS documentation example keys are excluded.

How to run
----------
    python3 crates/fabric-privacy/tests/data/gen_secrets_heldout.py
        writes secrets_heldout.jsonl next to this file and prints counts
    python3 crates/fabric-privacy/tests/data/gen_secrets_heldout.py --check
        regenerates in memory and verifies the committed file is byte-identical
    python3 .../gen_secrets_heldout.py --out /tmp/other.jsonl

Python 3.8+, standard library only.  Output is deterministic: one
random.Random(SEED), no set iteration order, no os.urandom / uuid4().
"""

import argparse
import base64
import hashlib
import json
import os
import random
import re
import string
import struct
import sys
import time
import uuid
import zlib
from collections import Counter

SEED = 0x5EC12E75  # fixed; never change (see "Rules of use")
R = random.Random(SEED)

UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
DIGITS = string.digits
LETTERS = UPPER + LOWER
ALNUM = UPPER + LOWER + DIGITS
B62 = DIGITS + UPPER + LOWER
HEX = "0123456789abcdef"
B32 = UPPER + "234567"  # RFC 4648 base32 alphabet
B64STD = ALNUM + "+/"
B64URL = ALNUM + "-_"
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

N_POSITIVE = 400
N_NEGATIVE = 1600


# ---------------------------------------------------------------- helpers

def rs(n, alpha=ALNUM):
    return "".join(R.choice(alpha) for _ in range(n))


def rbytes(n):
    return R.getrandbits(8 * n).to_bytes(n, "big") if n else b""


def pick(seq):
    return R.choice(seq)


def b64(b):
    return base64.b64encode(b).decode()


def b64u(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def mixed(n, alpha=ALNUM):
    """Random string with upper, lower and digit, alnum first/last char."""
    while True:
        s = rs(n, alpha)
        if (any(c.isupper() for c in s) and any(c.islower() for c in s)
                and any(c.isdigit() for c in s)
                and s[0].isalnum() and s[-1].isalnum()):
            return s


def digits(n):
    return str(R.randint(1, 9)) + rs(n - 1, DIGITS)


def fill(tpl, **kw):
    """Replace {name} for names in kw only; other braces stay literal."""
    return re.sub(r"\{(\w+)\}",
                  lambda m: kw[m.group(1)] if m.group(1) in kw else m.group(0),
                  tpl)


def camel(name):
    parts = name.lower().split("_")
    return parts[0] + "".join(p.capitalize() for p in parts[1:])


def ts_iso():
    t = R.randint(1_690_000_000, 1_745_000_000)
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def ts_log():
    t = R.randint(1_690_000_000, 1_745_000_000)
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t))


def rand_uuid(version=4):
    return str(uuid.UUID(int=R.getrandbits(128), version=version))


def b58encode(b):
    n = int.from_bytes(b, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(b) - len(b.lstrip(b"\0"))
    return "1" * pad + out


def b62(n, width):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(width, "0")


PEOPLE = ["dana", "maria", "kenji", "liwei", "omar", "sofia", "tomasz", "amara",
          "jonas", "priya", "lucas", "ines", "noah", "yuki", "fatima", "pavel",
          "chloe", "mateo", "aisha", "sven"]
SERVICES = ["api", "worker", "billing", "ingest", "scheduler", "notifier",
            "gateway", "search", "web", "reports", "memory-sync", "etl"]
IMAGES = ["ghcr.io/acme/api:2.3.1", "acme/worker:1.8", "python:3.12-slim",
          "node:20-alpine", "registry.acme.io/billing:2024.05.2",
          "ghcr.io/acme/ingest:latest", "golang:1.22", "rust:1.78-slim"]
HOSTS = ["db.internal", "pg-prod-1.acme.local", "10.0.3.17",
         "mysql.staging.svc.cluster.local", "localhost", "db.example.net",
         "orders-db.c9xk2lq0.eu-west-1.rds.amazonaws.com", "127.0.0.1",
         "postgres", "db-replica-2.acme.internal", "192.168.1.40"]
DBS = ["app", "orders", "analytics", "memories", "billing", "prod", "crm",
       "inventory", "users"]
WORDS = ["maple", "harbor", "orbit", "candle", "river", "falcon", "copper",
         "velvet", "tundra", "saffron", "pixel", "lantern", "cobalt", "meadow",
         "quartz", "ember", "juniper", "nimbus", "thistle", "zephyr", "walnut",
         "granite", "mango", "sparrow", "cactus", "violet", "breeze", "rocket",
         "pepper", "willow", "glacier", "basil", "comet", "dune", "fjord"]


def common():
    return dict(ts=ts_iso(), tsl=ts_log(), n=str(R.randint(12, 480)),
                user=pick(PEOPLE), user2=pick(PEOPLE), svc=pick(SERVICES),
                img=pick(IMAGES), hist=str(R.randint(100, 2400)),
                host=pick(HOSTS), db=pick(DBS))


# Key/value contexts: .env, shell, shell history, compose, k8s, JSON, Python,
# JS, Go, Rust, PowerShell, fish, Dockerfile, systemd, GitHub Actions, C.
KV_FORMS = [
    "{K}={v}",
    "export {K}={v}",
    "export {K}='{v}'",
    '{K}="{v}"',
    "  {hist}  export {K}={v}",
    "      - {K}={v}",
    "services:\n  {svc}:\n    image: {img}\n    environment:\n      {K}: {v}",
    "env:\n  - name: {K}\n    value: \"{v}\"",
    '{"{k}": "{v}", "timeout": 30}',
    '{k} = "{v}"',
    "const {c} = '{v}';",
    '{c} := "{v}"',
    'const {K}: &str = "{v}";',
    'os.environ["{K}"] = "{v}"',
    "process.env.{K} = '{v}';",
    "docker run --rm -e {K}={v} {img}",
    '$env:{K} = "{v}"',
    "set -gx {K} {v}",
    "heroku config:set {K}={v} -a acme-{svc}",
    "kubectl create secret generic {svc}-env --from-literal={K}={v}",
    "NODE_ENV=production\nPORT=8080\n{K}={v}\nLOG_LEVEL=info",
    "# .env.local\n{K}={v}",
    "ENV {K}={v}",
    "- run: ./scripts/deploy.sh\n  env:\n    {K}: {v}",
    "#define {K} \"{v}\"",
    '{K} = "{v}"  # TODO move to vault',
    "Environment=\"{K}={v}\"",
    "{K}: {v}",
]

# Free-form contexts (only for prefix-identified formats).
FREE_FORMS = [
    "here's the key: {v}",
    "ok here's the token you asked for: {v} (don't paste it in #general)",
    "can you check why {v} returns 401 on staging?",
    "Notiz: der Schlüssel für Staging ist {v}",
    "Nota: la clave de producción es {v}, no la compartas.",
    "Note : le jeton de déploiement est {v}",
    "备注：测试环境的密钥是 {v}",
    "メモ：本番用のトークンは {v} です",
    "Заметка: ключ для CI — {v}",
    "Lembrete: o token do bot é {v}",
    "Promemoria: la chiave API è {v}",
    "[memory] user shared a credential for the deploy pipeline: {v}",
    "{ts} ERROR auth failed for key {v}: 401 Unauthorized",
    "Traceback (most recent call last):\n  File \"/srv/app/sync.py\", line {n}, in <module>\n    client = Client(\"{v}\")\n  File \"/srv/app/client.py\", line 21, in __init__\n    raise PermissionError(\"credential rejected by upstream\")\nPermissionError: credential rejected by upstream",
    "> {user}: new one is {v}\n> {user2}: thanks, updated the CI secret",
    "remember to revoke {v} after the demo",
    "{tsl} [worker-3] DEBUG loaded credentials from env: {v}",
    "TODO(rotate): {v} was pasted in the incident doc",
    "pls use {v} for the load test, it's the sandbox one",
]


def provider_line(v, keys, specific, p_specific=0.45, p_kv=0.35, free=True):
    kw = common()
    kw["v"] = v
    r = R.random()
    if r < p_specific:
        tpl = pick(specific)
    elif r < p_specific + p_kv or not free:
        K = pick(keys)
        kw.update(K=K.upper(), k=K.lower(), c=camel(K))
        tpl = pick(KV_FORMS)
    else:
        tpl = pick(FREE_FORMS)
    return fill(tpl, **kw)


# ---------------------------------------------------------------- DER / keys
# PEM framing: RFC 7468.  PKCS#1 RSAPrivateKey: RFC 8017 A.1.2.  SEC1
# ECPrivateKey: RFC 5915.  PKCS#8 / EncryptedPrivateKeyInfo: RFC 5208/5958,
# PBES2/PBKDF2: RFC 8018.  OpenSSH key format: openssh PROTOCOL.key.
# gitleaks rule id: private-key; trufflehog: pkg/detectors/privatekey.

def der_len(n):
    if n < 128:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der(tag, content):
    return bytes([tag]) + der_len(len(content)) + content


def der_seq(*parts):
    return der(0x30, b"".join(parts))


def der_int(b):
    b = b.lstrip(b"\0") or b"\0"
    if b[0] & 0x80:
        b = b"\0" + b
    return der(0x02, b)


def der_oid(hexstr):
    return der(0x06, bytes.fromhex(hexstr))


NULL = b"\x05\x00"
OID_RSA = "2a864886f70d010101"
OID_SHA256_RSA = "2a864886f70d01010b"
OID_EC_PUB = "2a8648ce3d0201"
OID_P256 = "2a8648ce3d030107"
OID_ED25519 = "2b6570"


def full_int(nbytes):
    b = bytearray(rbytes(nbytes))
    b[0] |= 0x80
    b[-1] |= 1
    return bytes(b)


def rsa_pkcs1_der(bits):
    k, h = bits // 8, bits // 16
    return der_seq(der_int(b"\0"), der_int(full_int(k)), der_int(b"\x01\x00\x01"),
                   der_int(full_int(k)), der_int(full_int(h)), der_int(full_int(h)),
                   der_int(full_int(h)), der_int(full_int(h)), der_int(full_int(h)))


def pem(label, der_bytes, width=64, headers=""):
    body = b64(der_bytes)
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    return ("-----BEGIN %s-----\n%s%s\n-----END %s-----"
            % (label, headers, "\n".join(lines), label))


def ssh_str(b):
    return struct.pack(">I", len(b)) + b


def pem_private_key():
    t = pick(["rsa", "rsa", "rsa_enc", "ec", "openssh", "openssh", "pkcs8_rsa",
              "pkcs8_ed25519", "pkcs8_ec", "encrypted"])
    if t == "rsa":
        return pem("RSA PRIVATE KEY", rsa_pkcs1_der(pick([1024, 2048])))
    if t == "rsa_enc":  # legacy OpenSSL encrypted PEM with RFC 1421 headers
        hdr = "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,%s\n\n" % rs(32, "0123456789ABCDEF")
        return pem("RSA PRIVATE KEY", rbytes(608), headers=hdr)
    if t == "ec":
        d = der_seq(der_int(b"\x01"), der(0x04, rbytes(32)),
                    der(0xA0, der_oid(OID_P256)),
                    der(0xA1, der(0x03, b"\x00\x04" + rbytes(64))))
        return pem("EC PRIVATE KEY", d)
    if t == "pkcs8_rsa":
        d = der_seq(der_int(b"\0"), der_seq(der_oid(OID_RSA), NULL),
                    der(0x04, rsa_pkcs1_der(pick([1024, 2048]))))
        return pem("PRIVATE KEY", d)
    if t == "pkcs8_ed25519":
        d = der_seq(der_int(b"\0"), der_seq(der_oid(OID_ED25519)),
                    der(0x04, der(0x04, rbytes(32))))
        return pem("PRIVATE KEY", d)
    if t == "pkcs8_ec":
        inner = der_seq(der_int(b"\x01"), der(0x04, rbytes(32)),
                        der(0xA1, der(0x03, b"\x00\x04" + rbytes(64))))
        d = der_seq(der_int(b"\0"), der_seq(der_oid(OID_EC_PUB), der_oid(OID_P256)),
                    der(0x04, inner))
        return pem("PRIVATE KEY", d)
    if t == "encrypted":
        algo = der_seq(
            der_oid("2a864886f70d01050d"),  # PBES2
            der_seq(
                der_seq(der_oid("2a864886f70d01050c"),  # PBKDF2
                        der_seq(der(0x04, rbytes(16)), der_int(b"\x08\x00"),
                                der_seq(der_oid("2a864886f70d0209"), NULL))),
                der_seq(der_oid("60864801650304012a"), der(0x04, rbytes(16)))))  # aes256-CBC + IV
        d = der_seq(algo, der(0x04, rbytes(pick([160, 640, 1232]))))
        return pem("ENCRYPTED PRIVATE KEY", d)
    # openssh (ed25519, optionally bcrypt/aes256-ctr encrypted)
    pub, priv = rbytes(32), rbytes(32)
    pubblob = ssh_str(b"ssh-ed25519") + ssh_str(pub)
    comment = ("%s@%s" % (pick(PEOPLE), pick(["laptop", "build-01", "mbp", "bastion"]))).encode()
    if R.random() < 0.3:
        cipher, kdf = b"aes256-ctr", b"bcrypt"
        kdfopts = ssh_str(rbytes(16)) + struct.pack(">I", 16)
        sec = rbytes(144)
    else:
        cipher, kdf, kdfopts = b"none", b"none", b""
        chk = rbytes(4)
        sec = (chk + chk + ssh_str(b"ssh-ed25519") + ssh_str(pub)
               + ssh_str(priv + pub) + ssh_str(comment))
        i = 1
        while len(sec) % 8:
            sec += bytes([i])
            i += 1
    blob = (b"openssh-key-v1\0" + ssh_str(cipher) + ssh_str(kdf) + ssh_str(kdfopts)
            + struct.pack(">I", 1) + ssh_str(pubblob) + ssh_str(sec))
    return pem("OPENSSH PRIVATE KEY", blob, width=70)


# ---------------------------------------------------------------- token formats

def aws_key_id(prefix=None):
    # AWS IAM docs "Unique identifier prefixes": AKIA = long-term access key,
    # ASIA = temporary (STS) access key; 20 chars, base32 alphabet.
    # gitleaks: aws-access-token  ((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})
    # trufflehog: pkg/detectors/aws
    prefix = prefix or pick(["AKIA", "AKIA", "AKIA", "ASIA"])
    while True:
        s = prefix + rs(16, B32)
        if "EXAMPLE" not in s:
            return s


def aws_secret():
    # 40 chars of [A-Za-z0-9/+] (AWS docs: secret access key); trufflehog aws
    # detector pairs it with the id.  30 random bytes -> 40 base64 chars.
    while True:
        s = b64(rbytes(30))
        if "EXAMPLEKEY" not in s and any(c.isdigit() for c in s):
            return s


def github_token(prefix=None):
    # GitHub blog 2021-04-05 "Behind GitHub's new authentication token formats":
    # ghp_ (PAT), gho_ (OAuth), ghu_ (user-to-server), ghs_ (server-to-server),
    # ghr_ (refresh); 36 base62 chars whose last 6 are a base62 CRC32 checksum.
    # Fine-grained PATs: github_pat_<22>_<59>.
    # gitleaks: github-pat, github-oauth, github-app-token, github-refresh-token,
    # github-fine-grained-pat.  trufflehog: pkg/detectors/github.
    prefix = prefix or pick(["ghp", "ghp", "ghp", "gho", "ghu", "ghs", "ghr", "github_pat"])
    if prefix == "github_pat":
        return "github_pat_11" + rs(20, UPPER + DIGITS) + "_" + rs(59, ALNUM)
    body = rs(30, ALNUM)
    return "%s_%s%s" % (prefix, body, b62(zlib.crc32(body.encode()) & 0xFFFFFFFF, 6))


def gitlab_token():
    # GitLab docs "Personal access tokens" / "Token prefixes": glpat- + 20 chars.
    # gitleaks: gitlab-pat  glpat-[\w-]{20}.  trufflehog: pkg/detectors/gitlab (v2).
    while True:
        s = rs(20, ALNUM + "-_")
        if s[0].isalnum() and s[-1].isalnum():
            return "glpat-" + s


def slack_token():
    # Slack API docs "Token types".  gitleaks: slack-bot-token (xoxb-),
    # slack-user-token (xox[pe]-), slack-legacy-workspace-token (xox[ar]-),
    # slack-legacy-token (xox[os]-).  trufflehog: pkg/detectors/slack.
    t = pick(["xoxb", "xoxb", "xoxb", "xoxp", "xoxp", "xoxa", "xoxs"])
    if t == "xoxb":
        return "xoxb-%s-%s-%s" % (digits(R.randint(10, 13)), digits(R.randint(10, 13)), mixed(24))
    if t == "xoxp":
        return "xoxp-%s-%s-%s-%s" % (digits(R.randint(10, 13)), digits(R.randint(10, 13)),
                                     digits(R.randint(10, 13)), rs(32, HEX))
    if t == "xoxa":
        return "xoxa-2-%s-%s-%s-%s" % (digits(12), digits(12), digits(13), rs(64, HEX))
    return "xoxs-%s-%s-%s-%s" % (digits(10), digits(12), digits(12), rs(64, HEX))


def stripe_key():
    # Stripe docs "API keys": sk_live_/sk_test_ secret keys, rk_live_ restricted.
    # gitleaks: stripe-access-token  (sk|rk)_(test|live|prod)_[a-zA-Z0-9]{10,99}
    # trufflehog: pkg/detectors/stripe.  Older keys 24 chars, newer 99 ("51...").
    p = pick(["sk_live_", "sk_live_", "sk_test_", "rk_live_"])
    body = mixed(24) if R.random() < 0.5 else "51" + mixed(97)
    return p + body


def google_api_key():
    # Google Cloud docs "API keys": AIza + 35 chars [0-9A-Za-z_-].
    # gitleaks: gcp-api-key  AIza[\w-]{35}.  trufflehog: pkg/detectors/googleapikey? /gcp.
    while True:
        s = ("AIzaSy" + rs(33, B64URL)) if R.random() < 0.85 else ("AIza" + rs(35, B64URL))
        if s[-1].isalnum():
            return s


def openai_key():
    # OpenAI API keys: legacy sk-<20>T3BlbkFJ<20>; project / service-account /
    # admin keys sk-proj- / sk-svcacct- / sk-admin- with T3BlbkFJ in the middle.
    # gitleaks: openai-api-key.  trufflehog: pkg/detectors/openai.
    t = pick(["legacy", "proj", "proj", "proj", "svcacct", "admin"])
    if t == "legacy":
        return "sk-" + rs(20) + "T3BlbkFJ" + rs(20)
    n = 74 if R.random() < 0.8 else 58
    while True:
        a, b = rs(n, B64URL), rs(n, B64URL)
        if a[0].isalnum() and b[-1].isalnum():
            return "sk-%s-%sT3BlbkFJ%s" % (t, a, b)


def anthropic_key():
    # Anthropic console API keys: sk-ant-api03-<93 [A-Za-z0-9_-]>AA (108 chars);
    # admin keys sk-ant-admin01-.  gitleaks: anthropic-api-key,
    # anthropic-admin-api-key.  trufflehog: pkg/detectors/anthropic.
    p = "sk-ant-api03-" if R.random() < 0.85 else "sk-ant-admin01-"
    while True:
        s = rs(93, B64URL)
        if s[0].isalnum():
            return p + s + "AA"


def hf_token():
    # Hugging Face docs "User access tokens": hf_ + 34 letters.
    # gitleaks: huggingface-access-token  hf_(?i:[a-z]{34}).
    # trufflehog: pkg/detectors/huggingface.
    return "hf_" + rs(34, LETTERS)


def jwt():
    # RFC 7519 / RFC 7515 compact serialization: b64url(header).b64url(payload).b64url(sig)
    # gitleaks: jwt (ey...ey...).  trufflehog: pkg/detectors/jwt.
    alg = pick(["HS256", "HS256", "HS256", "RS256", "RS256", "ES256", "HS512", "PS256"])
    hdr = {"alg": alg, "typ": "JWT"}
    if alg in ("RS256", "ES256", "PS256") and R.random() < 0.6:
        hdr["kid"] = rs(R.choice([16, 27, 40]), B64URL if R.random() < 0.5 else HEX)
    if R.random() < 0.3:
        hdr = {"typ": "JWT", "alg": alg}
    iat = R.randint(1_690_000_000, 1_745_000_000)
    pl = {}
    pl["sub"] = pick([str(R.randint(1000, 99999999)), rand_uuid(), "user_" + rs(12, LOWER + DIGITS)])
    if R.random() < 0.5:
        pl["name"] = pick(PEOPLE).capitalize() + " " + pick(["Lee", "Silva", "Tanaka", "Novak", "Okafor", "Schmidt"])
    if R.random() < 0.6:
        pl["iss"] = pick(["https://auth.acme.io/", "https://accounts.example.com",
                          "acme-api", "https://login.acme.dev/realms/prod"])
    if R.random() < 0.4:
        pl["aud"] = pick(["acme-web", "api://default", "memory-service"])
    if R.random() < 0.4:
        pl["scope"] = pick(["read write", "openid profile email", "memories:read"])
    if R.random() < 0.3:
        pl["role"] = pick(["admin", "member", "service"])
    pl["iat"] = iat
    pl["exp"] = iat + pick([900, 3600, 86400, 604800])
    siglen = {"HS256": 32, "HS512": 64, "RS256": 256, "PS256": 256, "ES256": 64}[alg]
    enc = lambda o: b64u(json.dumps(o, separators=(",", ":")).encode())
    return "%s.%s.%s" % (enc(hdr), enc(pl), b64u(rbytes(siglen)))


def password(url_safe=False):
    syms = "-._~" if url_safe else "!#%*+-.?@^_~"
    style = R.randrange(6)
    if style == 0:
        p = "%s%s%s%d" % (pick(WORDS).capitalize(), pick(syms), pick(WORDS).capitalize(), R.randint(10, 9999))
    elif style == 1:
        while True:
            p = rs(R.randint(12, 20), ALNUM + syms * 2)
            if (p[0].isalnum() and p[-1].isalnum() and any(c in syms for c in p)
                    and any(c.isdigit() for c in p) and any(c.isupper() for c in p)):
                break
    elif style == 2:
        p = "-".join(pick(WORDS) for _ in range(3)) + str(R.randint(2, 99))
    elif style == 3:
        w = pick(WORDS).capitalize().replace("o", "0").replace("e", "3").replace("a", "4")
        p = "%s%s%d" % (w, pick(syms), R.randint(1990, 2025))
    elif style == 4:
        p = mixed(R.randint(14, 24))
    else:
        p = "%s%d%s%s" % (pick(WORDS), R.randint(1, 999), pick(syms), pick(WORDS).upper())
    return p


def fabric_key():
    # This project's API key shape: fabric_<id: 8-16 lowercase hex/alnum>_<secret: 32+ base64url>
    idalpha = HEX if R.random() < 0.5 else LOWER + DIGITS
    kid = rs(R.randint(8, 16), idalpha)
    return "fabric_%s_%s" % (kid, b64u(rbytes(pick([24, 32, 32, 32, 48]))))


def generic_token():
    # gitleaks: generic-api-key (key-like word + high-entropy value);
    # trufflehog has no generic detector -- these rely on the key word.
    n = R.randint(24, 64)
    r = R.random()
    if r < 0.6:
        return mixed(n)
    if r < 0.85:
        return mixed(n, ALNUM + "-_")
    s = mixed(n - (n % 4), B64STD)
    return s


# ---------------------------------------------------------------- positive families

def fam_aws_key_pair():
    kid = aws_key_id(pick(["AKIA", "AKIA", "AKIA", "AKIA", "ASIA"]))
    sk = aws_secret()
    kw = common()
    kw.update(id=kid, sk=sk, acct=digits(12))
    tpl = pick([
        "[default]\naws_access_key_id = {id}\naws_secret_access_key = {sk}",
        "[profile prod]\nregion = eu-central-1\naws_access_key_id={id}\naws_secret_access_key={sk}\noutput = json",
        "export AWS_ACCESS_KEY_ID={id}\nexport AWS_SECRET_ACCESS_KEY={sk}\nexport AWS_DEFAULT_REGION=us-east-1",
        "AWS_ACCESS_KEY_ID={id} AWS_SECRET_ACCESS_KEY={sk} aws s3 ls s3://acme-backups/",
        "s3 = boto3.client(\"s3\", aws_access_key_id=\"{id}\", aws_secret_access_key=\"{sk}\")",
        '{\n    "AccessKey": {\n        "UserName": "ci-bot",\n        "AccessKeyId": "{id}",\n        "Status": "Active",\n        "SecretAccessKey": "{sk}",\n        "CreateDate": "{ts}"\n    }\n}',
        'provider "aws" {\n  region     = "eu-west-1"\n  access_key = "{id}"\n  secret_key = "{sk}"\n}',
        "    environment:\n      AWS_ACCESS_KEY_ID: {id}\n      AWS_SECRET_ACCESS_KEY: {sk}",
        "aws creds for the sandbox acct: {id} / {sk}",
        "Access key ID,Secret access key\n{id},{sk}",
        "[s3-backup]\ntype = s3\nprovider = AWS\naccess_key_id = {id}\nsecret_access_key = {sk}\nregion = eu-west-1",
        "[default]\naccess_key = {id}\nsecret_key = {sk}\nhost_base = s3.amazonaws.com",
        "Zugangsdaten für den Bucket: Key-ID {id}, Secret {sk}",
        "docker run -e AWS_ACCESS_KEY_ID={id} -e AWS_SECRET_ACCESS_KEY={sk} {img}",
        "const s3 = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: '{id}', secretAccessKey: '{sk}' } });",
        "creds := credentials.NewStaticCredentialsProvider(\"{id}\", \"{sk}\", \"\")",
        "  {hist}  aws configure set aws_access_key_id {id} && aws configure set aws_secret_access_key {sk}",
        "备注：AWS 访问密钥 {id}，私密密钥 {sk}",
        "- name: Configure AWS\n  env:\n    AWS_ACCESS_KEY_ID: {id}\n    AWS_SECRET_ACCESS_KEY: {sk}",
        "spark.hadoop.fs.s3a.access.key={id}\nspark.hadoop.fs.s3a.secret.key={sk}",
    ])
    return fill(tpl, **kw), [kid, sk]


def fam_aws_access_key_id_alone():
    v = aws_key_id()
    specific = [
        '"userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::{acct}:user/{user}", "accessKeyId": "{v}"}',
        "aws iam update-access-key --access-key-id {v} --status Inactive --user-name {user}",
        '{"AccessKeyMetadata": [{"UserName": "{user}", "AccessKeyId": "{v}", "Status": "Active"}]}',
        "rotated {v} yesterday, is the old one still active?",
        "Authorization: AWS4-HMAC-SHA256 Credential={v}/20240501/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date",
        "aws_access_key_id = {v}",
        "GuardDuty finding: UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration for key {v}",
        "[default]\naws_access_key_id={v}\nregion=us-west-2",
    ]
    kw_extra = {"acct": digits(12)}
    line = provider_line(v, ["AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY", "ACCESS_KEY_ID", "S3_ACCESS_KEY"],
                         [fill(s, **kw_extra) for s in specific])
    return line, [v]


def fam_github():
    v = github_token()
    specific = [
        "git clone https://{v}@github.com/acme/infra.git",
        "git remote set-url origin https://x-access-token:{v}@github.com/acme/api.git",
        "curl -H \"Authorization: token {v}\" https://api.github.com/user/repos",
        "echo {v} | gh auth login --with-token",
        "//npm.pkg.github.com/:_authToken={v}",
        "github.com:\n- user: {user}\n  oauth_token: {v}\n  protocol: https",
        "[url \"https://{v}:x-oauth-basic@github.com/\"]\n\tinsteadOf = https://github.com/",
        "g = Github(\"{v}\")",
        "  {hist}  GH_TOKEN={v} gh release create v2.4.0 --generate-notes",
    ]
    return provider_line(v, ["GITHUB_TOKEN", "GH_TOKEN", "GITHUB_PAT", "HOMEBREW_GITHUB_API_TOKEN",
                             "RENOVATE_TOKEN", "GH_ENTERPRISE_TOKEN"], specific), [v]


def fam_gitlab():
    v = gitlab_token()
    specific = [
        "curl --header \"PRIVATE-TOKEN: {v}\" \"https://gitlab.example.com/api/v4/projects?membership=true\"",
        "git clone https://oauth2:{v}@gitlab.com/acme/platform/{svc}.git",
        "glab auth login --hostname gitlab.acme.io --token {v}",
        "[global]\ndefault = acme\n\n[acme]\nurl = https://gitlab.acme.io\nprivate_token = {v}\napi_version = 4",
        'provider "gitlab" {\n  token    = "{v}"\n  base_url = "https://gitlab.acme.io/api/v4/"\n}',
        "gl = gitlab.Gitlab(\"https://gitlab.com\", private_token=\"{v}\")",
        "  {hist}  git push https://{user}:{v}@gitlab.com/acme/docs.git main",
    ]
    return provider_line(v, ["GITLAB_TOKEN", "GITLAB_PRIVATE_TOKEN", "GL_TOKEN", "DANGER_GITLAB_API_TOKEN",
                             "GITLAB_API_TOKEN"], specific), [v]


def fam_slack():
    v = slack_token()
    specific = [
        "curl -X POST -H \"Authorization: Bearer {v}\" -H 'Content-type: application/json' --data '{\"channel\":\"C024BE91L\",\"text\":\"deploy done\"}' https://slack.com/api/chat.postMessage",
        "app = App(token=\"{v}\", signing_secret=os.environ[\"SLACK_SIGNING_SECRET\"])",
        "client = WebClient(token=\"{v}\")",
        "const web = new WebClient('{v}');",
        "HUBOT_SLACK_TOKEN={v} ./bin/hubot --adapter slack",
        "slack:\n  token: {v}\n  channel: \"#alerts\"",
        "api := slack.New(\"{v}\")",
    ]
    return provider_line(v, ["SLACK_BOT_TOKEN", "SLACK_TOKEN", "SLACK_USER_TOKEN", "SLACK_API_TOKEN",
                             "SLACK_LEGACY_TOKEN"], specific), [v]


def fam_stripe():
    v = stripe_key()
    specific = [
        "stripe.api_key = \"{v}\"",
        "curl https://api.stripe.com/v1/charges -u {v}: -d amount=2000 -d currency=eur",
        "const stripe = require('stripe')('{v}');",
        "\\Stripe\\Stripe::setApiKey('{v}');",
        "stripe listen --api-key {v} --forward-to localhost:4242/webhook",
        "Stripe.apiKey = \"{v}\";",
        "sc := &client.API{}\nsc.Init(\"{v}\", nil)",
        "Stripe.api_key = '{v}'",
    ]
    return provider_line(v, ["STRIPE_SECRET_KEY", "STRIPE_API_KEY", "STRIPE_KEY", "STRIPE_RESTRICTED_KEY"],
                         specific), [v]


def fam_google_api_key():
    v = google_api_key()
    specific = [
        "https://maps.googleapis.com/maps/api/geocode/json?address=Alexanderplatz+Berlin&key={v}",
        "<script src=\"https://maps.googleapis.com/maps/api/js?key={v}&callback=initMap\" async defer></script>",
        "const firebaseConfig = {\n  apiKey: \"{v}\",\n  authDomain: \"acme-app.firebaseapp.com\",\n  projectId: \"acme-app\"\n};",
        "genai.configure(api_key=\"{v}\")",
        "curl \"https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-flash:generateContent?key={v}\" -H 'Content-Type: application/json' -d @req.json",
        "<string name=\"google_api_key\" translatable=\"false\">{v}</string>",
        "youtube = build(\"youtube\", \"v3\", developerKey=\"{v}\")",
    ]
    return provider_line(v, ["GOOGLE_API_KEY", "GOOGLE_MAPS_API_KEY", "FIREBASE_API_KEY", "GEMINI_API_KEY",
                             "YOUTUBE_API_KEY"], specific), [v]


def fam_openai():
    v = openai_key()
    specific = [
        "client = OpenAI(api_key=\"{v}\")",
        "openai.api_key = \"{v}\"",
        "curl https://api.openai.com/v1/chat/completions -H \"Content-Type: application/json\" -H \"Authorization: Bearer {v}\" -d '{\"model\": \"gpt-4o-mini\", \"messages\": []}'",
        "const openai = new OpenAI({ apiKey: '{v}' });",
        "{\n  \"models\": [{\"title\": \"GPT-4o\", \"provider\": \"openai\", \"model\": \"gpt-4o\", \"apiKey\": \"{v}\"}]\n}",
        "$ llm keys set openai\nEnter key: {v}",
        "let client = Client::with_config(OpenAIConfig::new().with_api_key(\"{v}\"));",
    ]
    return provider_line(v, ["OPENAI_API_KEY", "OPENAI_KEY", "OPENAI_TOKEN"], specific), [v]


def fam_anthropic():
    v = anthropic_key()
    specific = [
        "client = anthropic.Anthropic(api_key=\"{v}\")",
        "curl https://api.anthropic.com/v1/messages -H \"x-api-key: {v}\" -H \"anthropic-version: 2023-06-01\" -H \"content-type: application/json\" -d @body.json",
        "const anthropic = new Anthropic({ apiKey: '{v}' });",
        "model_list:\n  - model_name: claude\n    litellm_params:\n      model: anthropic/claude-3-5-sonnet-20240620\n      api_key: {v}",
        "llm = ChatAnthropic(model=\"claude-3-haiku-20240307\", anthropic_api_key=\"{v}\")",
    ]
    return provider_line(v, ["ANTHROPIC_API_KEY", "CLAUDE_API_KEY", "ANTHROPIC_KEY"], specific), [v]


def fam_huggingface():
    v = hf_token()
    specific = [
        "huggingface-cli login --token {v}",
        "from huggingface_hub import login\nlogin(token=\"{v}\")",
        "model = AutoModelForCausalLM.from_pretrained(\"meta-llama/Llama-3.1-8B\", token=\"{v}\")",
        "curl https://api-inference.huggingface.co/models/gpt2 -H \"Authorization: Bearer {v}\" -d '{\"inputs\": \"hi\"}'",
        "git clone https://{user}:{v}@huggingface.co/datasets/acme/private-evals",
        "ds = load_dataset(\"acme/support-tickets\", token=\"{v}\")",
    ]
    return provider_line(v, ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HUGGINGFACEHUB_API_TOKEN", "HF_API_TOKEN"],
                         specific), [v]


def fam_jwt():
    v = jwt()
    specific = [
        "Cookie: theme=dark; access_token={v}; lang=en",
        "localStorage.setItem(\"access_token\", \"{v}\");",
        '{"access_token": "{v}", "token_type": "Bearer", "expires_in": 3600}',
        '{"id_token": "{v}", "scope": "openid profile email"}',
        "Set-Cookie: jwt={v}; Path=/; HttpOnly; Secure; SameSite=Lax",
        "https://app.acme.io/magic-login?token={v}",
        "decoded this jwt: {v} -- exp looks wrong, it's in ms?",
        "wscat -c \"wss://rt.acme.io/socket?auth={v}\"",
    ]
    return provider_line(v, ["ACCESS_TOKEN", "ID_TOKEN", "JWT", "AUTH_TOKEN", "REFRESH_TOKEN", "SESSION_JWT"],
                         specific), [v]


def fam_pem_private_key():
    key = pem_private_key()
    kw = common()
    r = R.random()
    if r < 0.12:  # service-account JSON: newlines escaped inside the string
        v = key.replace("\n", "\\n")
        text = ('{"type": "service_account", "project_id": "acme-%s", "private_key": "%s\\n", '
                '"client_email": "%s@acme-%s.iam.gserviceaccount.com", "token_uri": "https://oauth2.googleapis.com/token"}'
                % (kw["svc"], v, kw["svc"], kw["svc"]))
        return text, [v]
    if r < 0.22:  # k8s Secret with indented block scalar
        v = key.replace("\n", "\n    ")
        text = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: %s-tls\ntype: kubernetes.io/tls\nstringData:\n"
                "  tls.key: |\n    %s" % (kw["svc"], v))
        return text, [v]
    tpl = pick([
        "$ cat ~/.ssh/id_{kt}\n{v}",
        "{v}",
        "{v}\n",
        "Here is the deploy key, please add it to the CI variables:\n{v}",
        "PRIVATE_KEY = \"\"\"{v}\"\"\"",
        "SSH_PRIVATE_KEY=\"{v}\"",
        "Run echo \"$DEPLOY_KEY\" > key.pem\n{v}\nchmod 600 key.pem",
        "-- memory: {user}'s signing key for the release bot --\n{v}",
        "const privateKey = `{v}`;",
        "clé privée du serveur (ne pas partager) :\n{v}",
        "{tsl} DEBUG tls: loaded key material\n{v}",
    ])
    kw.update(v=key, kt=pick(["rsa", "ed25519", "ecdsa"]))
    return fill(tpl, **kw), [key]


PW_TEMPLATES = [
    "password={p}",
    "db.password={p}",
    "spring.datasource.password={p}",
    "passwd: {p}",
    "  password: \"{p}\"",
    "PGPASSWORD='{p}' psql -h {host} -U {user} -d {db}",
    "PGPASSWORD={p} pg_dump -h {host} -U {user} {db} > dump.sql",
    "mysql -h {host} -u {user} --password={p} {db}",
    "mysqldump -u root --password '{p}' --all-databases > all.sql",
    "docker login registry.acme.io -u {user} --password {p}",
    '{"username": "{user}", "password": "{p}"}',
    "MYSQL_ROOT_PASSWORD={p}",
    "      POSTGRES_PASSWORD: {p}",
    "smtp_password = \"{p}\"",
    "admin_password: {p}",
    "ldap.bind.password={p}",
    "<server>\n  <id>nexus</id>\n  <username>{user}</username>\n  <password>{p}</password>\n</server>",
    "ansible_become_password: {p}",
    "keystore.password={p}",
    "DB_PASSWORD={p}",
    "ALTER USER {user} WITH PASSWORD '{p}';",
    "CREATE USER '{user}'@'%' IDENTIFIED BY '{p}';",
    "host={host} port=5432 dbname={db} user={user} password={p} sslmode=require",
    "my new password is {p}, don't let me forget to update the vault",
    "the wifi password is {p}",
    "guest wifi: SSID AcmeGuest, password {p}",
    "le mot de passe du wifi est {p}",
    "das WLAN-Passwort lautet {p}",
    "la contraseña del wifi es {p}",
    "a senha do wi-fi é {p}",
    "la password del wifi è {p}",
    "het wifi-wachtwoord is {p}",
    "wifi 密码是 {p}",
    "Wi-Fiのパスワードは {p} です",
    "пароль от вайфая: {p}",
    "Passwort für den Router-Admin: {p}",
    "contraseña del servidor de staging: {p}",
    "$ sudo mysql_secure_installation  # set root passwd: {p}",
    "vnc_password: '{p}'",
    "redis-server --requirepass {p}",
]


def fam_password_assignment():
    p = password()
    kw = common()
    kw["p"] = p
    return fill(pick(PW_TEMPLATES), **kw), [p]


def fam_connection_string():
    # RFC 3986 userinfo; trufflehog: pkg/detectors/uri, postgres, mongodb, redis;
    # gitleaks has no dedicated URI-password rule (generic rules / allowlists).
    p = password(url_safe=True)
    kw = common()
    kw.update(p=p, clu=rs(5, LOWER + DIGITS), u=rand_uuid())
    kind = pick(["pg", "pg", "mysql", "mongo", "redis", "amqp"])
    url = fill(pick({
        "pg": ["postgres://{user}:{p}@{host}:5432/{db}?sslmode=require",
               "postgresql://{user}:{p}@{host}/{db}",
               "postgresql+psycopg2://{user}:{p}@{host}:5432/{db}"],
        "mysql": ["mysql://{user}:{p}@{host}:3306/{db}",
                  "mysql+pymysql://{user}:{p}@{host}/{db}?charset=utf8mb4"],
        "mongo": ["mongodb+srv://{user}:{p}@cluster0.{clu}.mongodb.net/{db}?retryWrites=true&w=majority",
                  "mongodb://{user}:{p}@mongo-0.mongo:27017,mongo-1.mongo:27017/{db}?replicaSet=rs0&authSource=admin"],
        "redis": ["redis://default:{p}@{host}:6379/0",
                  "rediss://:{p}@redis-prod.acme.internal:6380"],
        "amqp": ["amqp://{user}:{p}@rabbitmq:5672/%2F",
                 "amqps://{user}:{p}@b-{u}.mq.eu-west-1.amazonaws.com:5671"],
    }[kind]), **kw)
    kw["url"] = url
    generic = [
        "{tsl} INFO connecting to {url}",
        "prod {svc} backend is {url} (read-only user, don't write)",
        "  url: {url}",
        "Verbindungs-URL für Staging: {url}",
        "连接串：{url}",
    ]
    specific = {
        "pg": ["DATABASE_URL={url}", "export DATABASE_URL=\"{url}\"", "SQLALCHEMY_DATABASE_URI = \"{url}\"",
               "db, err := sql.Open(\"postgres\", \"{url}\")", "psql \"{url}\"",
               "let pool = PgPool::connect(\"{url}\").await?;",
               "sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) could not connect to server\n[SQL: SELECT 1]\n(engine url: {url})"],
        "mysql": ["DATABASE_URL={url}", "SQLALCHEMY_DATABASE_URI = \"{url}\"",
                  "engine = create_engine(\"{url}\", pool_pre_ping=True)", "      DB_DSN: {url}"],
        "mongo": ["spring.data.mongodb.uri={url}", "MONGO_URI: {url}", "const client = new MongoClient(\"{url}\");",
                  "mongosh \"{url}\"", "export MONGODB_URI='{url}'"],
        "redis": ["REDIS_URL={url}", "CACHE_URL: {url}", "r = redis.from_url(\"{url}\")",
                  "let client = redis::Client::open(\"{url}\")?;"],
        "amqp": ["CELERY_BROKER_URL={url}", "broker_url = '{url}'", "RABBITMQ_URL: {url}",
                 "conn, err := amqp.Dial(\"{url}\")"],
    }[kind]
    tpl = pick(specific + generic)
    return fill(tpl, **kw), [p]


def fam_bearer_or_basic():
    # RFC 6750 (Bearer), RFC 7617 (Basic).  gitleaks: curl-auth-header,
    # curl-auth-user, generic-api-key.  trufflehog: pkg/detectors/jwt, uri.
    kw = common()
    if R.random() < 0.6:
        r = R.random()
        if r < 0.55:
            v = mixed(R.randint(32, 64), ALNUM + "-_")
        elif r < 0.75:
            v = "ya29." + mixed(R.randint(120, 170), B64URL)  # Google OAuth access token
        else:
            v = jwt()
        scheme = "Bearer"
    else:
        v = b64(("%s:%s" % (kw["user"], password())).encode())
        scheme = "Basic"
    kw.update(v=v, s=scheme)
    tpl = pick([
        "curl -H \"Authorization: {s} {v}\" https://api.acme.io/v1/me",
        "GET /v1/reports HTTP/1.1\nHost: api.acme.io\nAuthorization: {s} {v}\nAccept: application/json",
        "headers = {\"Authorization\": \"{s} {v}\"}",
        "fetch(url, { headers: { Authorization: '{s} {v}' } })",
        "req.Header.Set(\"Authorization\", \"{s} {v}\")",
        "proxy_set_header Authorization \"{s} {v}\";",
        "Authorization: {s} {v}",
        "wget --header=\"Authorization: {s} {v}\" https://files.acme.io/export.csv",
        "> Authorization: {s} {v}\n> User-Agent: curl/8.5.0\n> Accept: */*",
        "{\"level\":\"debug\",\"msg\":\"outgoing request\",\"headers\":{\"authorization\":\"{s} {v}\"}}",
        "{tsl} DEBUG send: b'GET /api/items HTTP/1.1\\r\\nHost: internal\\r\\nAuthorization: {s} {v}\\r\\n\\r\\n'",
        ".header(\"Authorization\", \"{s} {v}\")",
        "Proxy-Authorization: {s} {v}",
        "http GET https://api.acme.io/v2/usage 'Authorization:{s} {v}'",
    ])
    return fill(tpl, **kw), [v]


def fam_fabric_api_key():
    v = fabric_key()
    specific = [
        "fabric auth login --api-key {v}",
        "curl -H \"Authorization: Bearer {v}\" https://fabric.acme.dev/v1/memories?limit=20",
        '{"api_key": "{v}", "endpoint": "https://fabric.acme.dev"}',
        "client = FabricClient(api_key=\"{v}\")",
        "my fabric key: {v}",
        "[fabric]\napi_key = \"{v}\"\nbase_url = \"https://fabric.acme.dev\"",
        "X-Fabric-Key: {v}",
        "let client = fabric::Client::new(\"{v}\");",
    ]
    return provider_line(v, ["FABRIC_API_KEY", "FABRIC_KEY", "FABRIC_TOKEN"], specific), [v]


GENERIC_KEYS = ["API_KEY", "APP_SECRET", "SECRET_KEY", "AUTH_TOKEN", "ACCESS_TOKEN", "CLIENT_SECRET",
                "ACCESS_KEY", "WEBHOOK_SECRET", "SIGNING_SECRET", "PRIVATE_TOKEN", "CONSUMER_SECRET",
                "INTERNAL_API_KEY", "PAYMENTS_API_SECRET", "MAILER_API_KEY", "ACME_TOKEN",
                "SERVICE_AUTH_TOKEN", "ENCRYPTION_SECRET", "API_SECRET", "SECRET", "TOKEN"]


def fam_generic_high_entropy():
    v = generic_token()
    specific = [
        "--api-key={v}",
        "./sync --token {v} --dry-run",
        "x-api-key: {v}",
        "auth: {v}",
        "credentials: {v}",
        '"client_secret": "{v}",',
        "secret => '{v}',",
        "app.config['SECRET_KEY'] = '{v}'",
        "api_key: {v}",
        "token: {v}",
        "client_secret={v}&grant_type=client_credentials",
        "curl -H 'X-API-Key: {v}' https://internal.acme.io/v1/jobs",
        "Notiz: api_key={v}",
        "access_key: \"{v}\"",
        "clave_api = \"{v}\"",
    ]
    return provider_line(v, GENERIC_KEYS, specific, p_specific=0.5, p_kv=0.5, free=False), [v]


FAMILIES = [
    ("aws_key_pair", fam_aws_key_pair),
    ("aws_access_key_id_alone", fam_aws_access_key_id_alone),
    ("github", fam_github),
    ("gitlab", fam_gitlab),
    ("slack", fam_slack),
    ("stripe", fam_stripe),
    ("google_api_key", fam_google_api_key),
    ("openai", fam_openai),
    ("anthropic", fam_anthropic),
    ("huggingface", fam_huggingface),
    ("jwt", fam_jwt),
    ("pem_private_key", fam_pem_private_key),
    ("password_assignment", fam_password_assignment),
    ("connection_string", fam_connection_string),
    ("bearer_or_basic", fam_bearer_or_basic),
    ("fabric_api_key", fam_fabric_api_key),
    ("generic_high_entropy", fam_generic_high_entropy),
]


# ---------------------------------------------------------------- negatives

def neg_uuid():
    u, u2 = rand_uuid(), rand_uuid(pick([1, 4]))
    kw = common()
    kw.update(u=u, u2=u2, U=u.upper())
    return fill(pick([
        "request_id={u} method=GET path=/v1/notes status=200 dur={n}ms",
        '{"id": "{u}", "object": "memory", "created_at": "{ts}"}',
        "INSERT INTO projects (id, owner) VALUES ('{u}', '{user}');",
        "X-Request-Id: {u}",
        "GET /api/v2/documents/{u}/versions HTTP/1.1",
        "conversation {u} archived after 30 days of inactivity",
        "memory_id: {u}",
        "Idempotency-Key: {u}",
        "HKEY_CLASSES_ROOT\\CLSID\\{{U}}\\InprocServer32",
        "device_id = \"{u}\"",
        "tenant {u} migrated to shard eu-3",
        "workspace_id: {u}\nproject_id: {u2}",
        "Error: document {u} not found (404)",
        "uuid.UUID('{u}')",
        "job {u} finished in 12.4s",
        "kubectl get pods -l controller-uid={u}",
        "Project(\"{{U}}\") = \"Acme.Core\", \"src\\Acme.Core.csproj\"",
        "Die Anfrage {u} ist fehlgeschlagen.",
        "批次 {u} 已完成",
        "correlationId={u} level=warn msg=\"retrying upstream\"",
        "{tsl} INFO [{u}] user {user} opened note {u2}",
        "<PackageReference Include=\"Acme.Sdk\" />  <!-- {U} -->",
        "blkid: /dev/nvme0n1p2: UUID=\"{u}\" TYPE=\"ext4\"",
        "UUID={u} /data ext4 defaults 0 2",
    ]), **kw)


def neg_git_sha():
    sha, sha2 = rs(40, HEX), rs(40, HEX)
    kw = common()
    kw.update(sha=sha, sha2=sha2, s7=sha[:7], s8=sha[:8], s12=sha[:12], t7=sha2[:7])
    return fill(pick([
        "commit {sha}\nAuthor: {user} <{user}@example.com>\nDate:   Tue May 7 14:02:11 2024 +0200\n\n    fix: handle empty batch in ingest",
        "{s7} fix: handle empty batch in ingest",
        "HEAD is now at {s7} bump dependencies",
        "git cherry-pick {sha}",
        "https://github.com/acme/widgets/commit/{sha}",
        "Merge: {s7} {t7}",
        "source = \"git+https://github.com/acme/tokio-util?rev={s7}#{sha}\"",
        "GITHUB_SHA={sha}",
        "[main {s7}] Add retry to uploader\n 2 files changed, 31 insertions(+), 4 deletions(-)",
        "- uses: actions/checkout@{sha} # v4.1.1",
        "git revert --no-edit {s12}",
        "Fast-forward\n  {s7}..{t7}  main -> main",
        "   {s7}..{t7}  feature/memory-search -> feature/memory-search",
        "* {s8} (HEAD -> main, origin/main) docs: clarify retention policy",
        "Reverts commit {sha}.",
        "CI_COMMIT_SHA: {sha}",
        "git diff {s7} {t7} -- src/lib.rs",
        "Submodule path 'vendor/proto': checked out '{sha}'",
        "rev: {sha}  # pre-commit hook pin",
        "Bisect: 12 revisions left to test after this (roughly 4 steps)\n[{sha}] refactor store",
    ]), **kw)


HASH_FILES = ["dist/app-1.4.2.tar.gz", "node-v20.12.2-linux-x64.tar.xz", "model.safetensors",
              "backup-2024-05-01.sql.gz", "setup.exe", "ubuntu-24.04-live-server-amd64.iso",
              "report.pdf", "weights/adapter_model.bin", "fabric-cli-x86_64.zip", "photo_0412.jpg"]


def neg_hash_hex():
    data = rbytes(64)
    md5, sha1, sha256 = (hashlib.md5(data).hexdigest(), hashlib.sha1(data).hexdigest(),
                         hashlib.sha256(data).hexdigest())
    kw = common()
    kw.update(md5=md5, sha1=sha1, sha256=sha256, f=pick(HASH_FILES), size=str(R.randint(1000, 9_000_000)))
    return fill(pick([
        "{sha256}  {f}",
        "MD5 ({f}) = {md5}",
        "SHA1: {sha1}",
        "ETag: \"{md5}\"",
        "checksum = \"{sha256}\"",
        "requests==2.31.0 --hash=sha256:{sha256}",
        "version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size}",
        "x-amz-content-sha256: {sha256}",
        "file_hash: {sha256}",
        "{md5}  {f}",
        "sha1sum {f}\n{sha1}  {f}",
        '{"name": "{f}", "md5": "{md5}", "size": {size}}',
        "Get-FileHash {f} -Algorithm SHA256\nAlgorithm       Hash\n---------       ----\nSHA256          {sha256_up}",
        "cache key: build-{sha1}",
        "content_sha256 = \"{sha256}\"",
        "Verifying {f}: expected {sha256}, got {sha256} OK",
        "dedup: skipping chunk {sha1} (already stored)",
        "ssdeep/md5 of sample: {md5}",
        "SRI check failed for {f}, digest {sha256}",
    ]).replace("{sha256_up}", sha256.upper()), **kw)


def lorem(nwords):
    base = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt "
            "ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco "
            "laboris nisi aliquip ex ea commodo consequat").split()
    return " ".join(pick(base) for _ in range(nwords))


def blob_payload():
    t = pick(["png", "png", "jpeg", "pdf", "gzip", "text", "wav", "random", "webp"])
    n = R.randint(60, 320)
    if t == "png":
        b = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + struct.pack(">II", R.randint(16, 1024), R.randint(16, 1024))
             + b"\x08\x06\x00\x00\x00" + rbytes(4) + b"\x00\x00" + rbytes(2) + b"IDAT" + rbytes(n))
        mime = "image/png"
    elif t == "jpeg":
        b = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xdb\x00C\x00" + rbytes(n)
        mime = "image/jpeg"
    elif t == "webp":
        b = b"RIFF" + struct.pack("<I", n + 4) + b"WEBPVP8 " + rbytes(n)
        mime = "image/webp"
    elif t == "pdf":
        b = ("%%PDF-1.7\n%%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
             "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n%s" % lorem(R.randint(5, 30))).encode("latin-1")
        mime = "application/pdf"
    elif t == "gzip":
        b = b"\x1f\x8b\x08\x00" + rbytes(4) + b"\x00\x03" + rbytes(n)
        mime = "application/gzip"
    elif t == "wav":
        b = b"RIFF" + struct.pack("<I", n + 36) + b"WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x80>\x00\x00\x00}\x00\x00\x02\x00\x10\x00data" + rbytes(n)
        mime = "audio/wav"
    elif t == "text":
        b = ("# %s\n\n%s\n" % (pick(SERVICES), lorem(R.randint(20, 70)))).encode()
        mime = "text/markdown"
    else:
        b = rbytes(n)
        mime = "application/octet-stream"
    return b64(b), mime


def neg_base64_blob():
    data, mime = blob_payload()
    kw = common()
    wrapped = "\\n".join(data[i:i + 60] for i in range(0, len(data), 60))
    mimelines = "\n".join(data[i:i + 76] for i in range(0, len(data), 76))
    kw.update(b=data, mime=mime, w=wrapped, ml=mimelines, fn=pick(["photo.png", "scan.jpg", "report.pdf",
                                                                  "notes.md", "clip.wav", "chunk.bin", "logo.webp"]))
    return fill(pick([
        '{"type": "image", "source": {"type": "base64", "media_type": "{mime}", "data": "{b}"}}',
        '{"filename": "{fn}", "content_type": "{mime}", "content": "{b}"}',
        '{"inlineData": {"mimeType": "{mime}", "data": "{b}"}}',
        '{"type": "image_url", "image_url": {"url": "data:{mime};base64,{b}"}}',
        '<img alt="preview" src="data:{mime};base64,{b}">',
        "Content-Type: {mime}; name=\"{fn}\"\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment\n\n{ml}",
        '{"type": "file", "encoding": "base64", "size": {n}, "name": "{fn}", "content": "{w}"}',
        '{"upload_id": 77, "chunk_index": {n}, "data": "{b}"}',
        '{"audio": {"format": "wav", "data": "{b}"}}',
        "attachment[{fn}] data={b}",
        '{"role": "user", "content": [{"type": "input_image", "image_base64": "{b}"}]}',
        "thumbnail: {b}",
        '"body": {"data": "{b}", "size": {n}}',
    ]), **kw)


def ssh_pub(kind=None):
    kind = kind or pick(["ssh-ed25519", "ssh-ed25519", "ssh-rsa", "ssh-rsa", "ecdsa-sha2-nistp256"])
    if kind == "ssh-ed25519":
        blob = ssh_str(b"ssh-ed25519") + ssh_str(rbytes(32))
    elif kind == "ssh-rsa":
        blob = ssh_str(b"ssh-rsa") + ssh_str(b"\x01\x00\x01") + ssh_str(b"\x00" + full_int(pick([256, 384, 512])))
    else:
        blob = ssh_str(b"ecdsa-sha2-nistp256") + ssh_str(b"nistp256") + ssh_str(b"\x04" + rbytes(64))
    return "%s %s" % (kind, b64(blob))


def spki_rsa(bits=2048):
    return der_seq(der_seq(der_oid(OID_RSA), NULL),
                   der(0x03, b"\x00" + der_seq(der_int(full_int(bits // 8)), der_int(b"\x01\x00\x01"))))


def der_name(cn, org):
    return der_seq(der(0x31, der_seq(der_oid("550406"), der(0x13, b"US"))),
                   der(0x31, der_seq(der_oid("55040a"), der(0x0C, org.encode()))),
                   der(0x31, der_seq(der_oid("550403"), der(0x0C, cn.encode()))))


def certificate():
    y = R.randint(22, 25)
    tbs = der_seq(der(0xA0, der_int(b"\x02")), der_int(rbytes(16)),
                  der_seq(der_oid(OID_SHA256_RSA), NULL),
                  der_name("Acme Issuing CA %d" % R.randint(1, 9), "Acme Corp"),
                  der_seq(der(0x17, ("%02d0501000000Z" % y).encode()), der(0x17, ("%02d0501000000Z" % (y + 1)).encode())),
                  der_name("%s.acme.io" % pick(SERVICES), "Acme Corp"),
                  spki_rsa(pick([1024, 2048])))
    cert = der_seq(tbs, der_seq(der_oid(OID_SHA256_RSA), NULL), der(0x03, b"\x00" + rbytes(256)))
    return pem("CERTIFICATE", cert)


def neg_public_key():
    kw = common()
    host = pick(["laptop", "build-01", "mbp", "bastion", "ci-runner", "desktop"])
    r = R.random()
    if r < 0.45:
        k = ssh_pub()
        return fill(pick([
            "{k} {user}@{h}",
            "$ cat ~/.ssh/id_ed25519.pub\n{k} {user}@{h}",
            "github.com {k}",
            "|1|{salt}|{hh} {k}",
            "ssh_authorized_keys:\n  - {k} {user}@{h}",
            "command=\"/usr/local/bin/backup-only\",no-pty {k} backup@{h}",
            "Please add my public key to the bastion: {k} {user}@{h}",
            "resource \"aws_key_pair\" \"deployer\" {\n  key_name   = \"deployer\"\n  public_key = \"{k} deploy@{h}\"\n}",
        ]), k=k, h=host, user=kw["user"], salt=b64(rbytes(20)), hh=b64(rbytes(20)))
    if r < 0.62:
        t = pick(["rsa", "ec", "ed"])
        if t == "rsa":
            d = spki_rsa(pick([2048, 3072]))
        elif t == "ec":
            d = der_seq(der_seq(der_oid(OID_EC_PUB), der_oid(OID_P256)), der(0x03, b"\x00\x04" + rbytes(64)))
        else:
            d = der_seq(der_seq(der_oid(OID_ED25519)), der(0x03, b"\x00" + rbytes(32)))
        p = pem("PUBLIC KEY", d)
        return pick(["{p}", "JWT verification key (public):\n{p}", "$ openssl rsa -in key.pem -pubout\nwriting RSA key\n{p}",
                     "jwt_public_key: |\n  {pi}"]).replace("{pi}", p.replace("\n", "\n  ")).replace("{p}", p)
    if r < 0.77:
        c = certificate()
        return pick(["{c}", "$ openssl s_client -connect api.acme.io:443 -showcerts\n---\nServer certificate\n{c}",
                     "ca.crt: |\n  {ci}", "{c}\n"]).replace("{ci}", c.replace("\n", "\n  ")).replace("{c}", c)
    if r < 0.85:
        n = b64u(full_int(256))
        return ('{"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": "%s", "e": "AQAB", "n": "%s"}]}'
                % (rs(R.choice([16, 27]), B64URL), n))
    if r < 0.93:
        return ("[Peer]\n# %s\nPublicKey = %s\nAllowedIPs = 10.8.0.%d/32\nEndpoint = vpn.acme.io:51820"
                % (kw["user"], b64(rbytes(32)), R.randint(2, 250)))
    if r < 0.97:
        return "# created: %s\n# public key: age1%s" % (kw["ts"], rs(58, BECH32))
    body = b64(bytes([0x99, 0x01, 0x8d, 0x04]) + rbytes(4) + b"\x01\x0c\x00" + rbytes(R.randint(180, 300)))
    lines = "\n".join(body[i:i + 64] for i in range(0, len(body), 64))
    return "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n%s\n=%s\n-----END PGP PUBLIC KEY BLOCK-----" % (lines, b64(rbytes(3)))


PLACEHOLDER_VALUES = ["YOUR_API_KEY", "<your-api-key>", "<token>", "xxxxxxxxxxxxxxxxxxxx", "sk-...",
                      "sk-xxxxxxxxxxxxxxxxxxxxxxxx", "${GITHUB_TOKEN}", "${{ secrets.GITHUB_TOKEN }}",
                      "$OPENAI_API_KEY", "%API_KEY%", "changeme", "CHANGE_ME", "REPLACE_ME", "<redacted>",
                      "[REDACTED]", "********", "{{ .Values.apiKey }}", "{{ api_key }}", "None", "null",
                      "TODO", "your-secret-here", "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
                      "AKIAXXXXXXXXXXXXXXXX", "hf_xxx", "xoxb-your-bot-token", "glpat-XXXXXXXXXXXXXXXXXXXX",
                      "sk_test_...", "<PASSWORD>", "os.environ['API_KEY']", "process.env.API_KEY",
                      "vault:secret/data/prod#api_key", "op://Private/OpenAI/credential", "<insert token here>",
                      "...", "sk-ant-...", "AIza...", "your_token_here", "${API_KEY:?missing}", "$(cat /run/secrets/api_key)",
                      "<YOUR_STRIPE_SECRET_KEY>", "dummy", "test", "REPLACE_WITH_YOUR_KEY", "****"]
PLACEHOLDER_KEYS = ["API_KEY", "OPENAI_API_KEY", "GITHUB_TOKEN", "SLACK_BOT_TOKEN", "STRIPE_SECRET_KEY",
                    "ANTHROPIC_API_KEY", "HF_TOKEN", "AWS_SECRET_ACCESS_KEY", "CLIENT_SECRET", "AUTH_TOKEN",
                    "FABRIC_API_KEY", "SECRET_KEY", "GITLAB_TOKEN", "GOOGLE_API_KEY"]
PLACEHOLDER_FIXED = [
    "password=${DB_PASS}",
    "password: \"\"",
    "PGPASSWORD=$(cat /run/secrets/pg_password) psql -h db -U app",
    "\"password\": \"<your password>\"",
    "DATABASE_URL=postgres://user:${DB_PASSWORD}@localhost:5432/app",
    "postgres://USER:PASSWORD@HOST:5432/DB",
    "mongodb+srv://<username>:<password>@cluster0.example.mongodb.net/",
    "Authorization: Bearer <token>",
    "Authorization: Bearer $TOKEN",
    "curl -H \"Authorization: Bearer ${ACCESS_TOKEN}\" https://api.example.com",
    "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
    "-----BEGIN RSA PRIVATE KEY-----\n<paste your key here>\n-----END RSA PRIVATE KEY-----",
    "password: {{ vault_db_password }}",
    "POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password",
    "DB_PASSWORD=",
    "password = os.getenv(\"DB_PASSWORD\")",
    "mysql -u root -p",
    "aws_secret_access_key = <YOUR_SECRET_ACCESS_KEY>",
    "redis://:${REDIS_PASSWORD}@redis:6379/0",
    "docker login -u $REGISTRY_USER --password-stdin < token.txt",
    "client = OpenAI(api_key=os.environ[\"OPENAI_API_KEY\"])",
    "export STRIPE_SECRET_KEY=sk_live_••••••••••••••••",
    "the wifi password is ********",
    "passwd: !vault |\n  $ANSIBLE_VAULT;1.1;AES256",
    "Authorization: Basic <base64(user:pass)>",
    "fabric_<id>_<secret>",
    "api_key: \"{{ env \\\"API_KEY\\\" }}\"",
    "token: ${{ secrets.NPM_TOKEN }}",
    "password: changeme",
    "ADMIN_PASSWORD=changeme  # change before deploying!",
]


def neg_placeholder():
    if R.random() < 0.25:
        return pick(PLACEHOLDER_FIXED)
    K = pick(PLACEHOLDER_KEYS)
    v = pick(PLACEHOLDER_VALUES)
    tpl = pick(["{K}={v}", "export {K}={v}", "{k}: \"{v}\"", '{"{k}": "{v}"}', "{k} = \"{v}\"",
                "    {K}: {v}", "client = Client(api_key=\"{v}\")", "# Set {K} to {v} before running",
                "curl -H \"Authorization: Bearer {v}\" https://api.example.com/v1/models",
                "const {c} = \"{v}\"; // replace with your own"])
    return fill(tpl, K=K, k=K.lower(), c=camel(K), v=v)


TALK_SUBJ = ["We", "The on-call engineer", "Security", "Dana", "The CI bot", "Our team", "Ops", "Kenji",
             "The platform team", "I"]
TALK_ACT = ["rotated", "revoked", "regenerated", "moved to Vault", "scoped down", "stopped logging", "purged",
            "added an expiry to", "audited", "disabled"]
TALK_THING = ["the GitHub token", "the Stripe live key", "the staging database password", "all AWS access keys",
              "the OpenAI API key", "the SSH private key for the bastion", "the JWT signing secret",
              "the Slack bot token", "the Hugging Face token", "the Anthropic API key", "the fabric API key",
              "the wifi password", "the GitLab deploy token", "the service account key", "the webhook secret"]
TALK_WHEN = ["yesterday", "after the incident", "last sprint", "on Friday", "before the audit",
             "as part of the quarterly rotation", "this morning", "after the contractor left"]
TALK_FIXED = [
    "Never paste your API key into chat; use the secrets manager instead.",
    "How do I reset my password if I no longer have access to my email?",
    "The password must be at least 12 characters and include a number.",
    "Reminder: API keys expire after 90 days.",
    "Q: Where do I find my API key? A: Settings → Developer → API keys.",
    "gitleaks flagged a possible secret in the history; it turned out to be a test fixture.",
    "Error: the password is incorrect.",
    "the password is too short, it needs at least one symbol",
    "I forgot the wifi password, can someone share it in person?",
    "The password is in 1Password under Infra / Postgres.",
    "Das Passwort muss mindestens 12 Zeichen lang sein.",
    "Das Passwort ist falsch, bitte erneut versuchen.",
    "N'envoyez jamais votre mot de passe par e-mail.",
    "Le mot de passe est incorrect.",
    "La clave de API se rota cada 90 días.",
    "La contraseña del wifi está pegada en la nevera.",
    "Nunca compartilhe seu token de acesso.",
    "A senha expirou; peça uma nova ao suporte.",
    "密码至少需要12个字符。",
    "请不要把访问令牌提交到代码仓库。",
    "APIキーは環境変数に保存してください。",
    "パスワードが間違っています。",
    "Не храните пароли в репозитории.",
    "Токен истёк, создайте новый в консоли.",
    "Il token è scaduto, generane uno nuovo dalla console.",
    "Het wachtwoord is gewijzigd, vraag IT om het nieuwe.",
    "Bearer tokens should be sent in the Authorization header, never in the URL.",
    "Private keys must stay on the HSM; only the CSR leaves the machine.",
    "user prefers that the assistant never stores passwords in memory",
    "A JWT has three parts: header, payload and signature, separated by dots.",
    "Use a fine-grained personal access token with read-only scope for the mirror job.",
    "The connection string lives in Key Vault, not in appsettings.json.",
    "Secret scanning blocked the push because it looked like an AWS key.",
    "To create an API key, go to Settings > API keys and click 'Create new secret key'.",
    "Password: required field",
    "Enter your password:",
    "Forgot password?",
    "The token was rotated; update your local .env from the vault.",
]


def neg_talk_about_secrets():
    r = R.random()
    if r < 0.3:
        return pick(TALK_FIXED)
    if r < 0.75:
        s = "%s %s %s %s." % (pick(TALK_SUBJ), pick(TALK_ACT), pick(TALK_THING), pick(TALK_WHEN))
        return s
    return pick([
        "Tip: keep %s in an environment variable, not in the code." % pick(TALK_THING),
        "Who owns %s? It needs rotating before %s." % (pick(TALK_THING), pick(["Q3", "the launch", "Monday", "the audit"])),
        "Don't log %s, even at debug level." % pick(TALK_THING),
        "Ticket SEC-%d: %s was exposed in a screenshot, rotate it." % (R.randint(100, 999), pick(TALK_THING)),
        "memory: %s asked me to remind them to rotate %s." % (pick(PEOPLE), pick(TALK_THING)),
        "Where is %s stored now that we left Heroku?" % pick(TALK_THING),
    ])


def semver():
    return "%d.%d.%d" % (R.randint(0, 12), R.randint(0, 40), R.randint(0, 30))


def neg_version_or_build():
    kw = common()
    img = pick(["nginx", "redis", "postgres", "python", "node", "ubuntu", "ghcr.io/acme/api",
                "public.ecr.aws/docker/library/alpine", "%s.dkr.ecr.eu-west-1.amazonaws.com/worker" % digits(12),
                "gcr.io/distroless/static-debian12", "quay.io/prometheus/node-exporter"])
    kw.update(sv=semver(), sv2=semver(), h64=rs(64, HEX), h12=rs(12, HEX), h9=rs(9, HEX), h7=rs(7, HEX),
              img=img, tag=pick(["latest", "7.2", "1.25-alpine", "16", "3.12-slim", "stable"]),
              bn=str(R.randint(100, 99999)), d8="2024%02d%02d" % (R.randint(1, 12), R.randint(1, 28)),
              d14="2024%02d%02d%06d" % (R.randint(1, 12), R.randint(1, 28), R.randint(0, 235959)),
              a=str(R.randint(90, 130)), b=str(R.randint(1000, 7000)), c=str(R.randint(10, 250)))
    return fill(pick([
        "version = \"{sv}\"",
        "\"version\": \"{sv}\"",
        "Released v{sv} on {ts}",
        "{sv}-rc.{n}+build.{bn}",
        "docker pull {img}@sha256:{h64}",
        "image: {img}:{tag}@sha256:{h64}",
        "FROM {img}:{tag}@sha256:{h64} AS base",
        "Digest: sha256:{h64}\nStatus: Downloaded newer image for {img}:{tag}",
        "BUILD_ID={d8}.{n}",
        "Build #{bn} succeeded in 4m12s",
        "go: downloading github.com/acme/{svc} v0.0.0-{d14}-{h12}",
        "torch=={sv}+cu121",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/{a}.0.{b}.{c} Safari/537.36",
        "Linux build-01 6.{c}.0-{n}-generic #{n}-Ubuntu SMP x86_64 GNU/Linux",
        "android:versionCode=\"{bn}\" android:versionName=\"{sv}\"",
        "__version__ = \"{sv}\"",
        "rustc 1.{n}.0 ({h9} 2024-04-29)",
        "node v{sv}",
        "helm upgrade {svc} ./chart --version {sv} --set image.tag={sv2}",
        "{img}@sha256:{h64}",
        "app-{sv}-{h7}.apk",
        "build: {d8}-{h7}",
        "Bumped {svc} from {sv} to {sv2}",
        "pkg:docker/{svc}@sha256:{h64}?tag={tag}",
        "  - name: {svc}\n    newTag: {sv}\n    digest: sha256:{h64}",
    ]), **kw)


def neg_identifiers():
    kw = common()
    ulid = pick("01234567") + rs(25, CROCKFORD)
    cid = b58encode(b"\x12\x20" + hashlib.sha256(rbytes(16)).digest())
    payload = b"\x00" + rbytes(20)
    btc = b58encode(payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4])
    sol = b58encode(rbytes(32))
    stripe_id = pick(["cus_" + rs(14), "pi_" + rs(24), "ch_" + rs(24), "in_" + rs(24), "sub_" + rs(24),
                      "price_" + rs(24), "prod_" + rs(14), "evt_" + rs(24), "pm_" + rs(24), "txn_" + rs(24),
                      "acct_" + rs(16), "re_" + rs(24), "cs_live_" + rs(58), "po_" + rs(24)])
    kw.update(ulid=ulid, cid=cid, btc=btc, sol=sol, sid=stripe_id, oid=rs(24, HEX), t32=rs(32, HEX), t16=rs(16, HEX),
              t8=rs(8, HEX), t24=rs(24, HEX), ord=str(R.randint(100000, 9999999)), ksuid=rs(27, B62),
              nano=rs(21, B64URL), slack_id=pick("CUGW") + rs(10, UPPER + DIGITS), snow=str(R.randint(10**17, 10**19)),
              ec2="i-0" + rs(16, HEX), vpc="vpc-0" + rs(16, HEX), msg="msg_01" + rs(22, ALNUM),
              req="req_" + rs(R.choice([14, 32]), HEX if R.random() < 0.5 else ALNUM), yt=rs(11, B64URL),
              ch="chatcmpl-" + rs(29, ALNUM), file="file-" + rs(24, ALNUM), sku=rs(3, UPPER) + "-" + rs(5, DIGITS))
    return fill(pick([
        "Order #{ord} shipped via DHL",
        "order_id: ORD-2024-{ord}",
        "request_id={req}",
        "Stripe object {sid} updated",
        "customer: {sid}",
        "refund created for {sid}",
        "{\"id\": \"{sid}\", \"object\": \"payment\", \"livemode\": true}",
        "traceparent: 00-{t32}-{t16}-01",
        "X-Amzn-Trace-Id: Root=1-{t8}-{t24}",
        "X-Cloud-Trace-Context: {t32}/{ord};o=1",
        "trace_id={t32} span_id={t16}",
        "ipfs cat {cid}",
        "send 0.002 BTC to {btc}",
        "Solana account {sol}",
        "ulid: {ulid}",
        "ksuid={ksuid}",
        "short link /s/{nano}",
        "channel {slack_id} archived",
        "Discord message {snow} deleted",
        "terminated instance {ec2} in {vpc}",
        "ObjectId(\"{oid}\")",
        "{\"id\": \"{msg}\", \"type\": \"message\", \"role\": \"assistant\"}",
        "{\"id\": \"{ch}\", \"object\": \"chat.completion\"}",
        "uploaded {file} (purpose=assistants)",
        "https://youtu.be/{yt}",
        "SKU {sku} back in stock",
        "Ticket JIRA-{n} linked to incident INC{ord}",
        "arn:aws:lambda:eu-west-1:{acct}:function:{svc}",
    ]).replace("{acct}", digits(12)), **kw)


def neg_urls():
    kw = common()
    kw.update(q=pick(["rust+regex", "postgres+index+bloat", "kubernetes+liveness+probe", "vector+database"]),
              pg=str(R.randint(1, 40)), pr=str(R.randint(10, 9000)), st=rs(R.choice([16, 24, 32]), ALNUM),
              cur=b64u(json.dumps({"id": R.randint(1, 99999)}).encode()), yt=rs(11, B64URL),
              lat="%.4f" % R.uniform(-60, 60), lon="%.4f" % R.uniform(-120, 120), cid=digits(12) + "-" + rs(32, LOWER + DIGITS))
    return fill(pick([
        "https://www.google.com/search?q={q}&hl=en&start={pg}0",
        "https://acme.io/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=spring_{pg}",
        "https://{user}@git.acme.io/platform/{svc}.git",
        "ssh://git@github.com/acme/{svc}.git",
        "https://docs.python.org/3/library/secrets.html#secrets.token_urlsafe",
        "https://github.com/acme/widgets/pull/{pr}/files?diff=split&w=1",
        "https://api.acme.io/v1/items?limit=50&cursor={cur}",
        "https://www.youtube.com/watch?v={yt}&t={pg}s",
        "https://maps.google.com/?q={lat},{lon}",
        "https://accounts.google.com/o/oauth2/v2/auth?client_id={cid}.apps.googleusercontent.com&redirect_uri=https%3A%2F%2Fapp.acme.io%2Fcallback&response_type=code&scope=openid%20email&state={st}",
        "https://acme-assets.s3.eu-west-1.amazonaws.com/img/{svc}/banner.png",
        "postgres://{user}@{host}:5432/{db}",
        "https://{user}@bitbucket.org/acme/{svc}.git",
        "https://grafana.acme.io/d/{st}/latency?orgId=1&from=now-6h&to=now&var-service={svc}",
        "https://en.wikipedia.org/wiki/Entropy_(information_theory)#Definition",
        "https://app.acme.io/notes/{pr}?view=edit&tab=history",
        "redis://{host}:6379/{pg}",
        "https://stackoverflow.com/questions/{pr}{pg}/how-to-rotate-api-keys-safely?noredirect=1",
        "ftp://anonymous@ftp.example.org/pub/",
        "http://localhost:{pr}/health?verbose=true",
        "https://hub.docker.com/r/acme/{svc}/tags?page={pg}&name=1.",
        "wss://stream.acme.io/v1/events?topic={svc}&since={pr}",
    ]), **kw)


CAMEL_PARTS = ["get", "set", "handle", "compute", "should", "fetch", "parse", "build", "user", "account", "settings",
               "email", "address", "incoming", "webhook", "payload", "async", "retry", "backoff", "interval",
               "memory", "store", "embedding", "index", "refresh", "window", "expires", "at", "token", "count",
               "secret", "manager", "client", "factory", "proxy", "bean", "singleton", "abstract", "listener",
               "visitor", "adapter", "context", "provider", "resolver", "cache", "entry", "key", "value", "map"]


def neg_random_words():
    r = R.random()
    parts = [pick(CAMEL_PARTS) for _ in range(R.randint(4, 8))]
    cam = parts[0] + "".join(p.capitalize() for p in parts[1:])
    pas = "".join(p.capitalize() for p in parts)
    snake = "_".join(parts)
    if r < 0.25:
        return pick(["const %s = %s(%s);" % (cam, camel("_".join(parts[:3])), pick(["expiresAt", "input", "ctx", "opts"])),
                     "fn %s(&self) -> Result<(), Error>" % snake,
                     "class %s extends %s {}" % (pas, "".join(p.capitalize() for p in parts[:2])),
                     "def %s(self, %s):" % (snake, pick(["request", "payload", "ctx"])),
                     "%s := %s.%s()" % (cam, parts[0], pas)])
    if r < 0.45:
        return "%s = %s" % (snake, pick(["None", "[]", "{}", "0", "True", "compute()", "'%s'" % pick(WORDS)]))
    if r < 0.7:
        s = lorem(R.randint(8, 24))
        return s[0].upper() + s[1:] + "."
    if r < 0.85:
        return " ".join(pick(WORDS) for _ in range(R.randint(4, 9)))
    return pick(["%s%s%s" % (pick(WORDS).capitalize(), pick(WORDS).capitalize(), pick(WORDS).capitalize()),
                 "%s-%s-%s-%s" % (pick(WORDS), pick(WORDS), pick(WORDS), pick(WORDS)),
                 "%sServiceImplTest.java" % pas,
                 "src/components/%s/%sContainer.tsx" % (cam, pas)])


LOW_ENTROPY = [
    ("token_count", lambda: str(R.randint(1, 200000))), ("max_tokens", lambda: str(pick([256, 512, 1024, 4096, 8192]))),
    ("api_key_header", lambda: pick(['"X-Api-Key"', '"Authorization"', '"x-goog-api-key"'])),
    ("secret_name", lambda: pick(["prod-db-password", "stripe-live", "api-keys", "tls-cert", "%s-env" % pick(SERVICES)])),
    ("password_min_length", lambda: str(R.randint(8, 20))), ("PASSWORD_HASHER", lambda: pick(["argon2", "bcrypt", "pbkdf2_sha256"])),
    ("token_type", lambda: pick(['"Bearer"', '"refresh"', "access"])), ("auth_method", lambda: pick(['"oauth2"', "basic", "none", "mtls"])),
    ("secret_ref", lambda: pick(["db-credentials", "app-secrets/api_key", "vault:kv/prod"])),
    ("api_key_env", lambda: pick(['"OPENAI_API_KEY"', '"ANTHROPIC_API_KEY"', '"FABRIC_API_KEY"'])),
    ("credentials_file", lambda: pick(['"~/.aws/credentials"', "/etc/acme/creds.json", '"./service-account.json"'])),
    ("SECRET_KEY_FILE", lambda: pick(["/run/secrets/django_secret_key", "/etc/secrets/key"])),
    ("access_token_ttl", lambda: str(pick([300, 900, 3600, 86400]))), ("token_expiry", lambda: pick(["15m", "1h", "7d", "30d"])),
    ("password_reset_url", lambda: pick(["/account/reset", "https://acme.io/reset"])), ("key_id", lambda: str(R.randint(1, 40))),
    ("keyring_backend", lambda: pick(['"file"', '"os"', '"test"'])), ("auth", lambda: pick(["true", "false", "required", "none"])),
    ("secret_store", lambda: pick(["aws-secretsmanager", "vault", "k8s"])), ("tokenizer", lambda: pick(["cl100k_base", "o200k_base", "bert-base-uncased"])),
    ("client_id", lambda: pick(["web-frontend", "cli", "mobile-app", "grafana"])), ("api_version", lambda: pick(['"2024-06-01"', '"v2"', "2023-06-01"])),
    ("PASSWORD_MAX_AGE_DAYS", lambda: str(pick([30, 60, 90, 180]))), ("secret_rotation_days", lambda: str(pick([30, 90]))),
    ("num_api_keys", lambda: str(R.randint(0, 12))), ("token_limit_per_minute", lambda: str(R.randint(1000, 90000))),
    ("API_KEY_PREFIX", lambda: pick(['"sk-"', '"fabric_"', '"pk_"'])), ("require_password", lambda: pick(["true", "false"])),
    ("TOKEN_AUDIENCE", lambda: pick(['"api://default"', "acme-api"])), ("jwt_algorithm", lambda: pick(['"HS256"', '"RS256"', "ES256"])),
    ("secret_mount_path", lambda: pick(["/var/run/secrets", "/mnt/secrets-store"])), ("use_api_key_auth", lambda: pick(["True", "False"])),
    ("credential_source", lambda: pick(["Ec2InstanceMetadata", "Environment", "EcsContainer"])),
    ("aws_access_key_id_env", lambda: '"AWS_ACCESS_KEY_ID"'), ("passwordField", lambda: '"#login-password"'),
    ("ssh_key_path", lambda: pick(['"~/.ssh/id_ed25519"', "/home/ci/.ssh/deploy_key"])),
]


def neg_low_entropy_assignments():
    name, val = pick(LOW_ENTROPY)
    v = val()
    tpl = pick(["{k} = {v}", "{k}: {v}", "{K}={v}", '"{k}": {vq}', "{k} := {v}", "let {k} = {v};", "  {k}: {v}"])
    vq = v if v.startswith('"') or v.replace(".", "").isdigit() or v in ("true", "false") else '"%s"' % v
    return fill(tpl, k=name, K=name.upper(), v=v, vq=vq)


NEG_KINDS = [
    ("uuid", neg_uuid),
    ("git_sha", neg_git_sha),
    ("hash_hex", neg_hash_hex),
    ("base64_blob", neg_base64_blob),
    ("public_key", neg_public_key),
    ("placeholder", neg_placeholder),
    ("talk_about_secrets", neg_talk_about_secrets),
    ("version_or_build", neg_version_or_build),
    ("identifiers", neg_identifiers),
    ("urls", neg_urls),
    ("random_words", neg_random_words),
    ("low_entropy_assignments", neg_low_entropy_assignments),
]

# The generator's own sanity patterns (written from the public formats above;
# used only to keep real-looking credentials out of the negatives).
SANITY = [re.compile(p) for p in [
    r"\b(?:AKIA|ASIA)[A-Z2-7]{16}\b", r"\bgh[pousr]_[A-Za-z0-9]{36}\b", r"github_pat_\w{20,}",
    r"glpat-[\w-]{20}", r"xox[abposr]-\d", r"\b[sr]k_(?:live|test)_[A-Za-z0-9]{10,}", r"AIza[\w-]{35}",
    r"sk-(?:proj|svcacct|admin|ant)-[\w-]{20,}", r"T3BlbkFJ", r"\bhf_[A-Za-z]{34}\b",
    r"eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.", r"PRIVATE KEY-----\n[A-Za-z0-9+/]{40}",
    r"fabric_[a-z0-9]{8,16}_[\w-]{32}", r"://[^/\s:@]+:[^@\s$<{]{4,}@", r"ya29\.",
    r"AKIAIOSFODNN7EXAMPLE|wJalrXUtnFEMI",
]]


def build():
    rows, seen = [], {}
    n_fam = len(FAMILIES)
    for i, (fam, fn) in enumerate(FAMILIES):
        target = N_POSITIVE // n_fam + (1 if i < N_POSITIVE % n_fam else 0)
        got = 0
        while got < target:
            text, values = fn()
            assert values and all(v and v in text for v in values), (fam, text, values)
            assert not re.search(r"\{(?:v|p|k|K|c|id|sk|url|user|host|db|svc|n|ts)\}", text), text
            assert "AKIAIOSFODNN7EXAMPLE" not in text and "wJalrXUtnFEMI" not in text
            if text in seen or any(v in seen for v in values):
                continue
            seen[text] = 1
            for v in values:
                seen[v] = 1
            rows.append({"text": text, "entities": [{"type": "SECRET", "value": v} for v in values],
                         "kind": "positive", "family": fam})
            got += 1
    n_kind = len(NEG_KINDS)
    for i, (kind, fn) in enumerate(NEG_KINDS):
        target = N_NEGATIVE // n_kind + (1 if i < N_NEGATIVE % n_kind else 0)
        got, tries = 0, 0
        while got < target:
            tries += 1
            assert tries < 200000, kind
            text = fn()
            if text in seen:
                continue
            if kind != "placeholder" and any(p.search(text) for p in SANITY):
                continue
            seen[text] = 1
            rows.append({"text": text, "entities": [], "kind": kind})
            got += 1
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "secrets_heldout.jsonl"))
    ap.add_argument("--check", action="store_true", help="verify --out is byte-identical, write nothing")
    args = ap.parse_args()
    rows = build()
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
    if args.check:
        with open(args.out, "rb") as f:
            same = f.read() == data
        print("OK: %s matches the generator" % args.out if same else "MISMATCH: %s differs" % args.out)
        if not same:
            sys.exit(1)
    else:
        with open(args.out, "wb") as f:
            f.write(data)
        print("wrote %d lines to %s" % (len(rows), args.out))
    fams = Counter(r["family"] for r in rows if r["kind"] == "positive")
    kinds = Counter(r["kind"] for r in rows if r["kind"] != "positive")
    print("positives: %d" % sum(fams.values()))
    for f, _ in FAMILIES:
        print("  %-26s %d" % (f, fams[f]))
    print("negatives: %d" % sum(kinds.values()))
    for k, _ in NEG_KINDS:
        print("  %-26s %d" % (k, kinds[k]))


if __name__ == "__main__":
    main()
