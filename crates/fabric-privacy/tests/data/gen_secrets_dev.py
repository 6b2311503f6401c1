#!/usr/bin/env python3
"""Generate secrets_dev.jsonl: a development set for secret detection.

* 17 positive families x 30 lines (kind "positive"), every entity is
  {"type": "SECRET", "value": <credential exactly as it appears in text>}.
* 11 hard-negative kinds x 100 lines (no entities, family "").

Standard library only, deterministic (fixed seed).  Written independently of
the detector implementation and of the other data sets.  Every credential is
randomly generated in the publicly documented format of its issuer; none of
them belongs to a real account.

Usage:  python3 gen_secrets_dev.py   (writes secrets_dev.jsonl next to itself)
"""
import base64
import json
import os
import random
import re
import string
import struct

SEED = 20240917
R = random.Random(SEED)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "secrets_dev.jsonl")
N_POS = 30
N_NEG = 100

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
ALNUM = UP + LO + DG
LETTERS = UP + LO
B64URL = ALNUM + "-_"
HEX = "0123456789abcdef"
B32 = UP + "234567"
AWS_SECRET_ALPHA = ALNUM + "/+"


# --------------------------------------------------------------------------
# random helpers
# --------------------------------------------------------------------------
def rs(n, alpha=ALNUM):
    return "".join(R.choice(alpha) for _ in range(n))


def rs_mixed(n, alpha=ALNUM):
    """Random string containing at least one upper, lower and digit."""
    while True:
        s = rs(n, alpha)
        if (any(c.isupper() for c in s) and any(c.islower() for c in s)
                and any(c.isdigit() for c in s)):
            return s


def rs_letters(n):
    while True:
        s = rs(n, LETTERS)
        if any(c.isupper() for c in s) and any(c.islower() for c in s):
            return s


def digits(n):
    return str(R.randint(1, 9)) + rs(n - 1, DG)


def rbytes(n):
    return bytes(R.getrandbits(8) for _ in range(n))


def b64(b):
    return base64.b64encode(b).decode()


def b64url(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def uuid4():
    v = R.getrandbits(128)
    h = "%032x" % v
    h = h[:12] + "4" + h[13:16] + R.choice("89ab") + h[17:]
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def sshstr(b):
    return struct.pack(">I", len(b)) + b


def indent(block, n):
    pad = " " * n
    return "\n".join(pad + line for line in block.split("\n"))


def pem_wrap(label, der, width=64):
    body = b64(der)
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    return "-----BEGIN %s-----\n%s\n-----END %s-----" % (label, "\n".join(lines), label)


# --------------------------------------------------------------------------
# filler values (no personal data: handles, example domains, no IPs/emails)
# --------------------------------------------------------------------------
HANDLES = ["devops42", "backend-lead", "sre_oncall", "intern3", "platform-team",
           "qa-bot", "deploy-bot", "mobile-dev", "data-eng", "nightshift",
           "k8s-admin", "ops-rotation", "infra-guy", "webteam"]
DOMAINS = ["acme-corp.io", "northwind-labs.dev", "fabrikam.net", "contoso-apps.com",
           "initech.cloud", "globex-internal.net", "example-shop.com", "umbrella-data.io"]
DB_HOSTS = ["db.prod.internal", "pg-main.cluster-c8x2kq1z.eu-west-1.rds.amazonaws.com",
            "mysql-primary.default.svc.cluster.local", "postgres", "localhost",
            "orders-db.internal", "analytics-pg.staging.internal", "mariadb-01.dc2.internal"]
DB_USERS = ["app", "app_user", "admin", "svc_orders", "reporting_ro", "root",
            "postgres", "analytics", "etl_writer", "django"]
DB_NAMES = ["orders", "app_production", "analytics", "billing", "inventory", "crm",
            "events", "users_db"]
ORGS = ["acme-corp", "northwind-labs", "fabrikam", "contoso", "initech", "globex"]
REPOS = ["billing-service", "infra-live", "mobile-app", "data-pipeline", "web-frontend",
         "internal-tools", "ml-experiments", "terraform-modules"]
BUCKETS = ["acme-prod-backups", "northwind-logs-archive", "fabrikam-ml-datasets",
           "contoso-static-assets", "initech-reports-eu"]
PROJECTS = ["acme-prod-381204", "northwind-web-2291", "fabrikam-mobile",
            "contoso-maps-demo", "globex-analytics-77"]


def f_date():
    return "2024-%02d-%02dT%02d:%02d:%02dZ" % (
        R.randint(1, 12), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59))


FILLERS = {
    "date": f_date,
    "time": lambda: "%02d:%02d" % (R.randint(7, 23), R.randint(0, 59)),
    "handle": lambda: R.choice(HANDLES),
    "handle2": lambda: R.choice(HANDLES),
    "domain": lambda: R.choice(DOMAINS),
    "dbhost": lambda: R.choice(DB_HOSTS),
    "dbuser": lambda: R.choice(DB_USERS),
    "db": lambda: R.choice(DB_NAMES),
    "org": lambda: R.choice(ORGS),
    "repo": lambda: R.choice(REPOS),
    "bucket": lambda: R.choice(BUCKETS),
    "proj": lambda: R.choice(PROJECTS),
    "n": lambda: str(R.randint(100, 99999)),
    "s7": lambda: rs(7, HEX),
    "s7b": lambda: rs(7, HEX),
    "chan": lambda: "C0" + rs(9, UP + DG),
    "hex16": lambda: rs(16, HEX),
    "acct": lambda: digits(12),
    "uuid": uuid4,
    "b32_17": lambda: rs(17, B32),
}


def fill(tpl, **kw):
    out = tpl
    for k, v in kw.items():
        out = out.replace("\u00ab%s\u00bb" % k, v)
    cache = {}  # the same filler name gets the same value within one text

    def sub(m):
        name = m.group(1)
        if name not in cache:
            cache[name] = FILLERS[name]()
        return cache[name]
    return re.sub("\u00ab(\\w+)\u00bb", sub, out)


def camel(env):
    parts = env.lower().replace("-", "_").split("_")
    return parts[0] + "".join(p.capitalize() for p in parts[1:])


def ctx_vars(env, svc):
    return {"ENV": env, "env": env.lower(), "camel": camel(env), "svc": svc,
            "Svc": svc[:1].upper() + svc[1:]}


# --------------------------------------------------------------------------
# generic surroundings for a single credential «v»
# --------------------------------------------------------------------------
GENERIC_KV = [
    "# «Svc» settings\n«ENV»=«v»\nLOG_LEVEL=info\nPORT=8080",
    " 1021  cd ~/projects/«svc»-sync\n 1022  export «ENV»=«v»\n 1023  python sync.py --dry-run",
    "services:\n  worker:\n    image: «org»/«svc»-worker:1.8.2\n    restart: unless-stopped\n"
    "    environment:\n      - «ENV»=«v»\n      - QUEUE=default",
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: «svc»-credentials\n  namespace: production\n"
    "type: Opaque\nstringData:\n  «ENV»: \"«v»\"",
    'variable "«env»" {\n  type      = string\n  sensitive = true\n  default   = "«v»"\n}',
    '{"ts":"«date»","level":"debug","logger":"«svc».config","msg":"loaded settings",'
    '"«env»":"«v»","timeout_s":30}',
    "service,environment,«env»,owner\n«svc»,production,«v»,«handle»",
    "diff --git a/.env.production b/.env.production\nindex «s7»..«s7b» 100644\n"
    "--- a/.env.production\n+++ b/.env.production\n@@ -3,2 +3,3 @@\n NODE_ENV=production\n"
    "+«ENV»=«v»\n SENTRY_ENVIRONMENT=prod",
    "To run the integration tests locally:\n\n```bash\nexport «ENV»=«v»\ncargo test --features integration\n```",
    "«svc»:\n  enabled: true\n  «env»: «v»\n  retries: 3",
    "[«svc»]\n«env» = \"«v»\"\ntimeout_secs = 30",
    "FROM python:3.12-slim\nWORKDIR /app\nENV «ENV»=«v»\nCOPY . .\nCMD [\"python\", \"main.py\"]",
    "PS C:\\Users\\dev> $env:«ENV» = \"«v»\"\nPS C:\\Users\\dev> npm start",
    "Still getting 401 after upgrading to 2.4.1. My `.env`:\n\n```\n«ENV»=«v»\n```\n\nAny ideas?",
    "In [4]: import os\n\nIn [5]: os.environ[\"«ENV»\"] = \"«v»\"\n\nIn [6]: run_pipeline()",
    "[Service]\nUser=app\nEnvironment=\"«ENV»=«v»\"\n"
    "ExecStart=/usr/local/bin/«svc»-agent --config /etc/«svc»/agent.yml",
    "{\n  \"«camel»\": \"«v»\",\n  \"region\": \"eu-west-1\",\n  \"debug\": false\n}",
    "- name: Deploy\n  env:\n    «ENV»: «v»\n  run: ./scripts/deploy.sh",
    "$ fly secrets set «ENV»=«v»\nSecrets are staged for the first deployment",
    "- name: write «svc» env file\n  ansible.builtin.lineinfile:\n    path: /etc/«svc»/«svc».env\n"
    "    line: \"«ENV»=«v»\"",
    "$ heroku config:set «ENV»=«v» -a «repo»\nSetting «ENV» and restarting «repo»... done",
    "«date» INFO  [main] effective configuration: «env»=«v», pool_size=10, retries=3",
    "$ kubectl create secret generic «svc»-creds --from-literal=«ENV»=«v» -n prod\n"
    "secret/«svc»-creds created",
    "docker run -d --name «svc» -e «ENV»=«v» -p 8080:8080 «org»/«svc»:latest",
]

GENERIC_API = [
    "import os\nimport «svc»\n\n«ENV» = \"«v»\"  # TODO: move to secrets manager\n"
    "client = «svc».Client(api_key=«ENV»)",
    "// config.js\nconst «camel» = '«v»';\n\nmodule.exports = { «camel», region: 'eu-west-1' };",
    "func newClient() *Client {\n\treturn &Client{\n\t\tAPIKey:  \"«v»\",\n\t\tTimeout: 30 * time.Second,\n\t}\n}",
    "[«time»] «handle»: here's the key for staging: «v»\n[«time»] «handle2»: thx, putting it in the vault now",
    "Traceback (most recent call last):\n  File \"/srv/app/jobs/sync.py\", line 57, in run\n"
    "    resp = client.fetch(page)\n  File \"/srv/app/clients/«svc».py\", line 112, in fetch\n"
    "    raise AuthError(f\"rejected key {self.key!r}\")\nclients.«svc».AuthError: rejected key '«v»'",
    "# application-prod.properties\n«svc».api.key=«v»\n«svc».api.timeout=30s",
    "can someone rotate this asap? it was pasted in #general earlier: «v»",
    "«Svc».configure do |config|\n  config.api_key = \"«v»\"\n  config.timeout = 10\nend",
    "<?php\n$«camel» = '«v»';\n$client = new «Svc»Client($«camel»);",
    "public class «Svc»Config {\n    private static final String «ENV» = \"«v»\";\n}",
    "Hier ist der Schlüssel für die Testumgebung: «v»\nBitte nicht ins Repo committen.",
    "> I'm hitting rate limits with my key «v», is there a way to raise the quota?",
]


def build_family(family, gen, specific, envs, svc, pool):
    order = R.sample(specific, len(specific)) + R.sample(pool, len(pool))
    rows, seen, i = [], set(), 0
    while len(rows) < N_POS:
        tpl = order[i % len(order)]
        i += 1
        subst, ents = gen()
        subst = dict(subst)
        env = subst.pop("ENV", None) or R.choice(envs)
        s = subst.pop("svc", None) or svc
        kw = ctx_vars(env, s)
        kw.update(subst)
        text = fill(tpl, **kw)
        if text in seen:
            continue
        seen.add(text)
        rows.append(pos_row(text, ents, family))
    return rows


def pos_row(text, values, family):
    for v in values:
        assert v and v in text, (family, v, text)
    return {"text": text, "entities": [{"type": "SECRET", "value": v} for v in values],
            "kind": "positive", "family": family}


# --------------------------------------------------------------------------
# credential generators
# --------------------------------------------------------------------------
def g_anthropic():
    prefix = "sk-ant-admin01-" if R.random() < 0.15 else "sk-ant-api03-"
    return prefix + rs_mixed(93, B64URL) + "AA"


def g_aws_id(prefix=None):
    return (prefix or R.choice(["AKIA"] * 4 + ["ASIA"])) + rs(16, B32)


def g_aws_secret():
    return rs_mixed(40, AWS_SECRET_ALPHA)


def g_github():
    r = R.random()
    if r < 0.22:
        return "github_pat_" + rs_mixed(22) + "_" + rs_mixed(59)
    if r < 0.72:
        return "ghp_" + rs_mixed(36)
    return R.choice(["gho_", "ghu_", "ghs_", "ghr_"]) + rs_mixed(36)


def g_gitlab():
    r = R.random()
    if r < 0.75:
        return "glpat-" + rs_mixed(20, B64URL)
    if r < 0.85:
        return "gldt-" + rs_mixed(20, B64URL)
    if r < 0.93:
        return "glrt-" + rs_mixed(20, B64URL)
    return "glptt-" + rs(40, HEX)


def g_google():
    # nearly all issued keys start with "AIzaSy"; the format is AIza + 35 chars
    if R.random() < 0.85:
        return "AIzaSy" + rs_mixed(33, B64URL)
    return "AIza" + rs_mixed(35, B64URL)


def g_hf():
    if R.random() < 0.08:
        return "api_org_" + rs_letters(34)
    return "hf_" + rs_letters(34)


def g_openai():
    r = R.random()
    if r < 0.4:
        return "sk-" + rs_mixed(20) + "T3BlbkFJ" + rs_mixed(20)
    kind = "proj" if r < 0.9 else R.choice(["svcacct", "admin"])
    n = R.choice([58, 74])
    return "sk-%s-%sT3BlbkFJ%s" % (kind, rs_mixed(n, B64URL), rs_mixed(n, B64URL))


def g_fabric():
    return "fabric_" + rs(12, HEX) + "_" + rs(64, HEX)


def g_stripe():
    r = R.random()
    if r < 0.07:
        return "whsec_" + rs_mixed(32)
    if r < 0.17:
        return "sk_test_" + rs_mixed(R.choice([24, 99]))
    if r < 0.30:
        return "rk_live_" + rs_mixed(R.choice([24, 99]))
    return "sk_live_" + rs_mixed(R.choice([24, 34, 99]))


def g_slack():
    r = R.random()
    if r < 0.50:
        return "xoxb-%s-%s-%s" % (digits(R.choice([10, 11, 12, 13])), digits(R.choice([10, 12, 13])),
                                  rs_mixed(24)), R.choice(["SLACK_BOT_TOKEN", "SLACK_TOKEN"])
    if r < 0.85:
        return "xoxp-%s-%s-%s-%s" % (digits(R.choice([10, 11, 12])), digits(R.choice([10, 12, 13])),
                                     digits(R.choice([12, 13])), rs(32, HEX)), \
            R.choice(["SLACK_USER_TOKEN", "SLACK_TOKEN"])
    return "xapp-1-A%s-%s-%s" % (rs(10, UP + DG), digits(13), rs(64, HEX)), "SLACK_APP_TOKEN"


def g_jwt():
    alg = R.choice(["HS256", "HS256", "RS256", "RS256", "ES256", "HS512"])
    header = {"alg": alg, "typ": "JWT"}
    if alg[0] in "RE" and R.random() < 0.7:
        header["kid"] = rs(R.choice([16, 22, 43]), B64URL)
    if R.random() < 0.3:
        header = dict(sorted(header.items(), reverse=True))
    iat = R.randint(1700000000, 1730000000)
    payload = {"sub": R.choice([uuid4(), str(R.randint(1000, 999999)), "user_" + rs(10, LO + DG)])}
    dom = R.choice(DOMAINS)
    if R.random() < 0.6:
        payload["iss"] = "https://auth." + dom
    if R.random() < 0.5:
        payload["aud"] = R.choice(["api", "https://api." + dom, "authenticated"])
    if R.random() < 0.5:
        payload["role"] = R.choice(["admin", "service_role", "authenticated", "editor", "viewer"])
    if R.random() < 0.4:
        payload["scope"] = R.choice(["read:orders write:orders", "openid profile", "api.read"])
    payload["iat"] = iat
    payload["exp"] = iat + R.choice([300, 900, 3600, 86400])
    if R.random() < 0.3:
        payload["jti"] = rs(16, HEX)
    sig = {"HS256": 32, "HS512": 64, "RS256": 256, "ES256": 64}[alg]

    def enc(o):
        return b64url(json.dumps(o, separators=(",", ":")).encode())
    return enc(header) + "." + enc(payload) + "." + b64url(rbytes(sig))


def g_generic():
    r = R.random()
    if r < 0.45:
        return rs_mixed(R.choice([32, 36, 40, 48, 64]))
    if r < 0.6:
        return rs(R.choice([32, 40, 64]), HEX)
    if r < 0.75:
        return b64(rbytes(R.choice([32, 48])))
    if r < 0.88:
        return rs_mixed(R.choice([32, 43, 50]), B64URL)
    return rs(50, LO + DG + "!@#%^&*(-_=+)")


# --------------------------------------------------------------------------
# human-chosen passwords
# --------------------------------------------------------------------------
PW_WORDS = ["correct", "horse", "battery", "staple", "purple", "monkey", "dishwasher",
            "sunset", "river", "coffee", "dragon", "tiger", "banana", "falcon", "winter",
            "garden", "rocket", "pepper", "marble", "violin", "cactus", "harbor", "lemon",
            "thunder", "pirate", "meadow", "cobalt", "walrus", "pancake", "nebula"]
PETS = ["Buddy", "Luna", "Max", "Bella", "Rocky", "Daisy", "Milo", "Coco", "Oreo",
        "Simba", "Nala", "Pumpkin"]
TEAMS = ["Liverpool", "Yankees", "Arsenal", "Lakers", "Bayern", "Celtics", "Juventus",
         "Packers", "Dortmund", "Barca"]
PW_SYMS = "!@#$%&*?"
LEET = {"a": "@", "o": "0", "e": "3", "i": "1", "s": "$"}
FORCED_PW = ["Summer2024!", "correct-horse-battery", "P@ssw0rd#19"]


def leet(word):
    out = []
    for c in word:
        if c in LEET and R.random() < 0.7:
            out.append(LEET[c])
        else:
            out.append(c)
    s = "".join(out)
    return s[0].upper() + s[1:]


def human_password(forced=True):
    if forced and FORCED_PW:
        return FORCED_PW.pop(0)
    k = R.randrange(9)
    year = str(R.randint(2015, 2025))
    if k == 0:
        return R.choice(["Summer", "Winter", "Spring", "Autumn", "Fall"]) + year + R.choice(PW_SYMS)
    if k == 1:
        words = R.sample(PW_WORDS, R.choice([3, 3, 4]))
        if R.random() < 0.3:
            words = [w.capitalize() for w in words]
        return R.choice("-._").join(words) + (str(R.randint(1, 99)) if R.random() < 0.4 else "")
    if k == 2:
        base = R.choice(["password", "welcome", "letmein", "sunshine", "dragon", "monkey",
                         "master", "secret", "administrator", "football"])
        return leet(base) + R.choice(PW_SYMS) + str(R.randint(1, 99))
    if k == 3:
        return R.choice(PETS) + str(R.randint(1975, 2015)) + R.choice(PW_SYMS)
    if k == 4:
        return (R.choice(["Blue", "Red", "Green", "Happy", "Lucky", "Crazy", "Silver", "Golden"])
                + R.choice(PW_WORDS).capitalize() + str(R.randint(10, 99)) + R.choice(PW_SYMS))
    if k == 5:
        return R.choice(TEAMS) + R.choice("#!@") + str(R.randint(1880, 2020))
    if k == 6:
        return "ILove" + R.choice(PW_WORDS).capitalize() + year
    if k == 7:
        return R.choice(["Acme", "Northwind", "Globex", "Initech", "Contoso"]) + R.choice("@#!") + year
    return R.choice(["Qwerty", "Asdf", "Zxcvbn"]) + R.choice(PW_SYMS) + year


# --------------------------------------------------------------------------
# positive families
# --------------------------------------------------------------------------
def fam_anthropic():
    spec = [
        "curl https://api.anthropic.com/v1/messages \\\n  -H \"x-api-key: «v»\" \\\n"
        "  -H \"anthropic-version: 2023-06-01\" \\\n  -H \"content-type: application/json\" \\\n"
        "  -d '{\"model\": \"claude-3-5-sonnet-20241022\", \"max_tokens\": 256, "
        "\"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}'",
        "from anthropic import Anthropic\n\nclient = Anthropic(api_key=\"«v»\")\n"
        "msg = client.messages.create(model=\"claude-3-haiku-20240307\", max_tokens=100,\n"
        "                             messages=[{\"role\": \"user\", \"content\": \"ping\"}])",
        "import Anthropic from '@anthropic-ai/sdk';\n\nconst anthropic = new Anthropic({ apiKey: '«v»' });",
        "POST /v1/messages HTTP/1.1\nHost: api.anthropic.com\nx-api-key: «v»\n"
        "anthropic-version: 2023-06-01\ncontent-type: application/json",
        "model_list:\n  - model_name: claude\n    litellm_params:\n"
        "      model: anthropic/claude-3-5-sonnet-20240620\n      api_key: «v»",
        "use my key until the team account is approved, I'll revoke it on friday: «v»",
        "$ export ANTHROPIC_API_KEY=«v»\n$ python eval_prompts.py --model claude-3-opus-20240229",
        "llm:\n  provider: anthropic\n  model: claude-3-5-haiku-latest\n  api_key: \"«v»\"\n  max_tokens: 1024",
        "anthropic.AuthenticationError: Error code: 401 - invalid x-api-key (key=«v»)",
    ]
    return build_family("anthropic", lambda: ({"v": (v := g_anthropic())}, [v]), spec,
                        ["ANTHROPIC_API_KEY", "CLAUDE_API_KEY", "ANTHROPIC_KEY"], "anthropic",
                        GENERIC_KV + GENERIC_API)


def fam_aws_alone():
    spec = [
        '{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDA«b32_17»",'
        '"arn":"arn:aws:iam::«acct»:user/ci-deployer","accountId":"«acct»","accessKeyId":"«v»",'
        '"userName":"ci-deployer"},"eventTime":"«date»","eventSource":"s3.amazonaws.com",'
        '"eventName":"ListBuckets","awsRegion":"us-east-1"}',
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InvalidAccessKeyId</Code>"
        "<Message>The AWS Access Key Id you provided does not exist in our records.</Message>"
        "<AWSAccessKeyId>«v»</AWSAccessKeyId><RequestId>«hex16»</RequestId></Error>",
        "{\n    \"AccessKeyMetadata\": [\n        {\n            \"UserName\": \"ci-deployer\",\n"
        "            \"AccessKeyId\": \"«v»\",\n            \"Status\": \"Active\",\n"
        "            \"CreateDate\": \"«date»\"\n        }\n    ]\n}",
        "who owns «v»? GuardDuty flagged it calling ListBuckets from an unknown ASN",
        "$ aws configure get aws_access_key_id --profile «repo»\n«v»",
        "AWS_ACCESS_KEY_ID=«v»\nAWS_DEFAULT_REGION=us-east-1",
        "| access key id | user | last used |\n|---|---|---|\n| «v» | ci-deployer | 2024-03-02 |",
        "$ aws iam delete-access-key --user-name ci-deployer --access-key-id «v»",
        "[profile «repo»]\naws_access_key_id = «v»\nregion = eu-west-1",
        "WARN credential report: key «v» has not been rotated in 412 days (user: legacy-backup)",
    ]
    return build_family("aws_access_key_id_alone", lambda: ({"v": (v := g_aws_id())}, [v]), spec,
                        ["AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY", "AWS_KEY_ID"], "aws", GENERIC_KV)


def fam_aws_pair():
    spec = [
        "[default]\naws_access_key_id = «id»\naws_secret_access_key = «sk»\nregion = us-east-1",
        "export AWS_ACCESS_KEY_ID=«id»\nexport AWS_SECRET_ACCESS_KEY=«sk»\naws s3 ls s3://«bucket»/",
        "s3 = boto3.client(\n    \"s3\",\n    aws_access_key_id=\"«id»\",\n"
        "    aws_secret_access_key=\"«sk»\",\n    region_name=\"eu-central-1\",\n)",
        'provider "aws" {\n  region     = "us-west-2"\n  access_key = "«id»"\n  secret_key = "«sk»"\n}',
        "{\n    \"AccessKey\": {\n        \"UserName\": \"ci-deployer\",\n        \"AccessKeyId\": \"«id»\",\n"
        "        \"Status\": \"Active\",\n        \"SecretAccessKey\": \"«sk»\",\n"
        "        \"CreateDate\": \"«date»\"\n    }\n}",
        "Access key ID,Secret access key\n«id»,«sk»",
        "[default]\naccess_key = «id»\nsecret_key = «sk»\nhost_base = s3.amazonaws.com\nuse_https = True",
        "[s3remote]\ntype = s3\nprovider = AWS\naccess_key_id = «id»\nsecret_access_key = «sk»\nregion = eu-west-1",
        "services:\n  uploader:\n    image: «org»/uploader:3.1\n    environment:\n"
        "      AWS_ACCESS_KEY_ID: «id»\n      AWS_SECRET_ACCESS_KEY: «sk»",
        "const s3 = new S3Client({\n  region: 'us-east-1',\n  credentials: {\n    accessKeyId: '«id»',\n"
        "    secretAccessKey: '«sk»',\n  },\n});",
        "creds := credentials.NewStaticCredentialsProvider(\"«id»\", \"«sk»\", \"\")",
        "BasicAWSCredentials awsCreds = new BasicAWSCredentials(\"«id»\", \"«sk»\");",
        "new keys for the backup bucket: id «id» secret «sk» (old ones are disabled)",
        "<match app.**>\n  @type s3\n  aws_key_id «id»\n  aws_sec_key «sk»\n  s3_bucket «bucket»\n</match>",
        "- uses: aws-actions/configure-aws-credentials@v4\n  with:\n    aws-access-key-id: «id»\n"
        "    aws-secret-access-key: «sk»\n    aws-region: us-east-1",
        '{"level":"error","msg":"s3 upload failed","access_key":"«id»","secret_key":"«sk»","bucket":"«bucket»"}',
        "diff --git a/.env b/.env\n@@ -1,2 +1,4 @@\n APP_ENV=staging\n+AWS_ACCESS_KEY_ID=«id»\n"
        "+AWS_SECRET_ACCESS_KEY=«sk»\n DEBUG=false",
        "docker run --rm -e AWS_ACCESS_KEY_ID=«id» -e AWS_SECRET_ACCESS_KEY=«sk» amazon/aws-cli s3 ls",
        "$ aws configure\nAWS Access Key ID [None]: «id»\nAWS Secret Access Key [None]: «sk»\n"
        "Default region name [None]: eu-west-1\nDefault output format [None]: json",
        "<property>\n  <name>fs.s3a.access.key</name>\n  <value>«id»</value>\n</property>\n"
        "<property>\n  <name>fs.s3a.secret.key</name>\n  <value>«sk»</value>\n</property>",
        "spark.hadoop.fs.s3a.access.key «id»\nspark.hadoop.fs.s3a.secret.key «sk»",
        "Aws.config.update(credentials: Aws::Credentials.new('«id»', '«sk»'))",
        "\"AWS\": {\n  \"AccessKey\": \"«id»\",\n  \"SecretKey\": \"«sk»\",\n  \"Region\": \"eu-west-1\"\n}",
        "$ mc alias set s3 https://s3.amazonaws.com «id» «sk»\nAdded `s3` successfully.",
        "serverless config credentials --provider aws --key «id» --secret «sk»",
        "Zugangsdaten fürs Backup: Key-ID «id», Secret «sk»",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: aws-creds\ntype: Opaque\nstringData:\n"
        "  AWS_ACCESS_KEY_ID: «id»\n  AWS_SECRET_ACCESS_KEY: «sk»",
        "AWS_ACCESS_KEY_ID=«id»\nAWS_SECRET_ACCESS_KEY=«sk»\nAWS_DEFAULT_REGION=us-east-1\nAWS_BUCKET=«bucket»",
        "```ini\n# ~/.aws/credentials\n[«repo»]\naws_access_key_id=«id»\naws_secret_access_key=«sk»\n```",
        "os.environ['AWS_ACCESS_KEY_ID'] = '«id»'\nos.environ['AWS_SECRET_ACCESS_KEY'] = '«sk»'",
    ]

    def gen():
        i = g_aws_id(R.choice(["AKIA"] * 6 + ["ASIA"]))
        s = g_aws_secret()
        return {"id": i, "sk": s}, [i, s]
    return build_family("aws_key_pair", gen, spec, ["AWS"], "aws", [])


def fam_bearer_basic():
    bearer_spec = [
        "curl -s -H \"Authorization: Bearer «v»\" https://api.«domain»/v2/orders?limit=50",
        "GET /api/v1/users/me HTTP/1.1\nHost: api.«domain»\nAuthorization: Bearer «v»\nAccept: application/json",
        "headers = {\"Authorization\": \"Bearer «v»\", \"Accept\": \"application/json\"}\n"
        "r = requests.get(\"https://api.«domain»/v1/reports\", headers=headers)",
        "fetch('https://api.«domain»/v1/items', {\n  headers: { Authorization: 'Bearer «v»' },\n});",
        "axios.defaults.headers.common['Authorization'] = 'Bearer «v»';",
        "req.Header.Set(\"Authorization\", \"Bearer «v»\")",
        "http GET https://api.«domain»/v1/me 'Authorization:Bearer «v»'",
        "wget --header=\"Authorization: Bearer «v»\" https://files.«domain»/export/2024-03.csv",
        "{\"name\": \"Authorization\", \"value\": \"Bearer «v»\"}",
        "DEBUG http.client: send: b'GET /v3/projects HTTP/1.1\\r\\nHost: api.«domain»\\r\\n"
        "Authorization: Bearer «v»\\r\\n\\r\\n'",
        "location /upstream/ {\n    proxy_pass https://backend.«domain»;\n"
        "    proxy_set_header Authorization \"Bearer «v»\";\n}",
        "{\"auth\": {\"type\": \"bearer\", \"bearer\": [{\"key\": \"token\", \"value\": \"«v»\", \"type\": \"string\"}]}}",
        "grpcurl -H 'authorization: Bearer «v»' api.«domain»:443 orders.v1.Orders/List",
        "if you need to hit the API manually use `Authorization: Bearer «v»` until the SSO fix lands",
        "$ curl -i https://api.«domain»/v1/health -H 'authorization: bearer «v»'\nHTTP/2 200",
        "Invoke-RestMethod -Uri https://api.«domain»/v1/jobs -Headers @{Authorization = \"Bearer «v»\"}",
        "«date» DEBUG outgoing request headers={'Authorization': 'Bearer «v»', 'User-Agent': 'python-requests/2.31.0'}",
        "- name: call API\n  ansible.builtin.uri:\n    url: https://api.«domain»/v1/deploy\n"
        "    headers:\n      Authorization: \"Bearer «v»\"",
    ]
    basic_spec = [
        "GET /metrics HTTP/1.1\nHost: metrics.«domain»\nAuthorization: Basic «v»",
        "curl -H \"Authorization: Basic «v»\" https://jenkins.«domain»/api/json",
        "proxy_set_header Authorization \"Basic «v»\";",
        "CONNECT api.«domain»:443 HTTP/1.1\nProxy-Authorization: Basic «v»",
        "session.headers.update({\"Authorization\": \"Basic «v»\"})",
        "metadata:\n  annotations:\n    nginx.ingress.kubernetes.io/configuration-snippet: |\n"
        "      proxy_set_header Authorization \"Basic «v»\";",
        "conn.setRequestProperty(\"Authorization\", \"Basic «v»\");",
        "{\n  \"auths\": {\n    \"registry.«domain»\": {\n      \"auth\": \"«v»\"\n    }\n  }\n}",
        '{"method":"POST","path":"/webhooks/ingest","headers":{"authorization":"Basic «v»",'
        '"user-agent":"Go-http-client/1.1"}}',
        "client.DefaultRequestHeaders.Add(\"Authorization\", \"Basic «v»\");",
        "the old jenkins still wants basic auth, header is `Authorization: Basic «v»`",
        "const headers = { 'Authorization': 'Basic «v»', 'Content-Type': 'application/json' };",
    ]

    def g_bearer():
        r = R.random()
        if r < 0.45:
            return rs_mixed(R.choice([32, 40, 48]))
        if r < 0.65:
            return rs(R.choice([32, 40]), HEX)
        if r < 0.85:
            return "ya29.a0" + rs_mixed(R.choice([120, 160]), B64URL)
        return rs_mixed(R.choice([43, 64]), B64URL)

    def g_basic():
        user = R.choice(["admin", "jenkins", "ci", "metrics", "deploy", "api", "svc-export"])
        pw = R.choice([rs_mixed(R.choice([12, 16, 20])), human_password(False)])
        return b64((user + ":" + pw).encode())

    rows = []
    order_b = R.sample(bearer_spec, len(bearer_spec))
    order_a = R.sample(basic_spec, len(basic_spec))
    for tpl in order_b:
        v = g_bearer()
        rows.append(pos_row(fill(tpl, v=v), [v], "bearer_or_basic"))
    for tpl in order_a:
        v = g_basic()
        rows.append(pos_row(fill(tpl, v=v), [v], "bearer_or_basic"))
    assert len(rows) == N_POS
    return rows


def fam_connection_string():
    url_makers = [
        lambda p: "postgres://«dbuser»:%s@«dbhost»:5432/«db»" % p,
        lambda p: "postgresql://«dbuser»:%s@«dbhost»/«db»?sslmode=require" % p,
        lambda p: "mysql://«dbuser»:%s@«dbhost»:3306/«db»" % p,
        lambda p: "mongodb+srv://«dbuser»:%s@cluster0.%s.mongodb.net/«db»?retryWrites=true&w=majority"
        % (p, rs(5, LO + DG)),
        lambda p: "mongodb://«dbuser»:%s@mongo-0.mongo:27017,mongo-1.mongo:27017/«db»?replicaSet=rs0&authSource=admin" % p,
        lambda p: "redis://:%s@redis-master.cache.svc.cluster.local:6379/0" % p,
        lambda p: "rediss://default:%s@cache-%s.«domain»:6380" % (p, rs(4, LO + DG)),
        lambda p: "amqp://«dbuser»:%s@rabbitmq:5672/%%2F" % p,
        lambda p: "jdbc:postgresql://«dbhost»:5432/«db»?user=«dbuser»&password=%s&ssl=true" % p,
        lambda p: "jdbc:mysql://«dbhost»:3306/«db»?user=«dbuser»&password=%s&useSSL=true" % p,
        lambda p: "Server=tcp:sql-%s.database.windows.net,1433;Initial Catalog=«db»;User ID=«dbuser»;"
                  "Password=%s;Encrypt=True;" % (rs(5, LO), p),
        lambda p: "mssql+pyodbc://«dbuser»:%s@«dbhost»/«db»?driver=ODBC+Driver+18+for+SQL+Server" % p,
        lambda p: "postgresql+asyncpg://«dbuser»:%s@«dbhost»:5432/«db»" % p,
        lambda p: "clickhouse://«dbuser»:%s@clickhouse.«domain»:9000/default" % p,
        lambda p: "https://elastic:%s@es-prod.«domain»:9200" % p,
        lambda p: "nats://«dbuser»:%s@nats.messaging:4222" % p,
    ]
    spec = [
        "$ psql \"«v»\"\npsql (16.2)\nSSL connection (protocol: TLSv1.3)",
        "engine = create_engine(\"«v»\", pool_pre_ping=True)",
        "DATABASES = {\"default\": dj_database_url.parse(\"«v»\")}",
        "sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) could not connect to server\n"
        "(Background on this error at: https://sqlalche.me/e/20/e3q8) url=«v»",
        "datasource db {\n  provider = \"postgresql\"\n  url      = \"«v»\"\n}",
        "spring.datasource.url=«v»",
        "const client = new MongoClient('«v»');\nawait client.connect();",
        "CELERY_BROKER_URL = '«v»'",
        "«date» ERROR pool: failed to connect to «v»: connection refused (retry 3/5)",
        "db, err := sql.Open(\"pgx\", \"«v»\")",
        "try this connection string, it has read access to prod: «v»",
        "  \"ConnectionStrings\": {\n    \"Default\": \"«v»\"\n  }",
    ]

    def gen():
        if R.random() < 0.75:
            p = rs_mixed(R.choice([16, 20, 24, 28]), ALNUM + "-_.~" if R.random() < 0.3 else ALNUM)
        else:
            p = rs_mixed(R.choice([12, 14]))
        url = R.choice(url_makers)(p)
        env = R.choice(["DATABASE_URL", "DB_URL", "MONGO_URI", "REDIS_URL", "SQLALCHEMY_DATABASE_URI",
                        "BROKER_URL", "DB_CONNECTION_STRING", "PG_DSN"])
        return {"v": fill(url), "ENV": env}, [p]
    return build_family("connection_string", gen, spec, ["DATABASE_URL"], "db", GENERIC_KV)


def fam_fabric():
    spec = [
        "Authorization: Bearer «v»",
        "curl -sS -H \"Authorization: Bearer «v»\" https://fabric.«domain»/api/v1/documents/scan \\\n"
        "  -d @payload.json",
        "# ~/.config/fabric/config.toml\n[auth]\napi_key = \"«v»\"\nendpoint = \"https://fabric.«domain»\"",
        "client = FabricClient(base_url=\"https://fabric.«domain»\", api_key=\"«v»\")",
        "«date» WARN auth: request rejected, key «v» was revoked",
        "$ fabric login --api-key «v»\nLogged in as service account ci-runner",
        "FABRIC_API_KEY=«v»\nFABRIC_URL=https://fabric.«domain»",
        "GET /api/v1/health HTTP/1.1\nHost: fabric.«domain»\nAuthorization: Bearer «v»",
        "const res = await fetch(`${FABRIC_URL}/api/v1/jobs`, {\n"
        "  headers: { Authorization: 'Bearer «v»' },\n});",
        "here's the ingestion key for the staging tenant: «v» (expires in 30 days)",
    ]
    return build_family("fabric_api_key", lambda: ({"v": (v := g_fabric())}, [v]), spec,
                        ["FABRIC_API_KEY", "FABRIC_KEY", "FABRIC_TOKEN"], "fabric",
                        GENERIC_KV + GENERIC_API)


def fam_generic():
    names = ["API_KEY", "API_TOKEN", "AUTH_TOKEN", "ACCESS_TOKEN", "SECRET", "CLIENT_SECRET",
             "SECRET_KEY", "APP_SECRET", "WEBHOOK_SECRET", "SIGNING_SECRET", "JWT_SECRET",
             "SESSION_SECRET", "CREDENTIALS", "PRIVATE_TOKEN", "ENCRYPTION_KEY", "MASTER_KEY",
             "CONSUMER_SECRET", "NEXTAUTH_SECRET", "AUTH", "SERVICE_TOKEN"]
    svcs = ["billing", "crm", "analytics", "payments", "mailer", "search", "geocoder",
            "partner", "ledger", "notifier"]
    spec = [
        "X-Api-Key: «v»",
        "curl -H 'X-Auth-Token: «v»' https://«svc».«domain»/v1/status",
        'module "«svc»" {\n  source        = "./modules/«svc»"\n  client_id     = "«svc»-web"\n'
        '  client_secret = "«v»"\n}',
        '{"client_id": "«svc»-web", "client_secret": "«v»", "redirect_uri": "https://app.«domain»/callback"}',
        "auth:\n  type: token\n  token: «v»",
        "SECRET_KEY = '«v»'",
        "production:\n  secret_key_base: «v»",
        "credentials: «v»",
        "webhook_secret=«v»",
        "resource \"kubernetes_secret\" \"«svc»\" {\n  metadata {\n    name = \"«svc»-api\"\n  }\n"
        "  data = {\n    api_key = \"«v»\"\n  }\n}",
        "requests.post(url, json=payload, headers={\"X-API-KEY\": \"«v»\"})",
        "{\"«svc»\": {\"auth\": \"«v»\", \"timeout\": 10}}",
        "$ ./«svc»-cli --token «v» sync --all",
        "«svc»_api_token: '«v»'",
    ]

    def gen():
        return {"v": (v := g_generic()), "ENV": R.choice(names), "svc": R.choice(svcs)}, [v]
    return build_family("generic_high_entropy", gen, spec, names, "x", GENERIC_KV + GENERIC_API)


def fam_github():
    spec = [
        "git remote set-url origin https://«v»@github.com/«org»/«repo».git",
        "git clone https://x-access-token:«v»@github.com/«org»/«repo».git",
        "//npm.pkg.github.com/:_authToken=«v»\n@«org»:registry=https://npm.pkg.github.com",
        "echo «v» | docker login ghcr.io -u «handle» --password-stdin",
        "gh auth login --with-token <<< «v»",
        "machine github.com\n  login «handle»\n  password «v»",
        "pip install git+https://«v»@github.com/«org»/«repo».git@v1.2.0",
        "curl -H \"Authorization: token «v»\" https://api.github.com/user/repos?per_page=100",
        "[url \"https://«v»@github.com/\"]\n\tinsteadOf = https://github.com/",
        "GOPRIVATE=github.com/«org»/*\nGITHUB_TOKEN=«v»",
        "g = Github(\"«v»\")\nrepo = g.get_repo(\"«org»/«repo»\")",
        "const octokit = new Octokit({ auth: '«v»' });",
    ]
    return build_family("github", lambda: ({"v": (v := g_github())}, [v]), spec,
                        ["GITHUB_TOKEN", "GH_TOKEN", "GITHUB_PAT", "GH_ENTERPRISE_TOKEN",
                         "HOMEBREW_GITHUB_API_TOKEN"], "github", GENERIC_KV + GENERIC_API)


def fam_gitlab():
    spec = [
        "curl --header \"PRIVATE-TOKEN: «v»\" \"https://gitlab.com/api/v4/projects/«n»/issues?state=opened\"",
        "git clone https://oauth2:«v»@gitlab.com/«org»/«repo».git",
        "gitlab-runner register --non-interactive --url https://gitlab.«domain» --token «v» --executor docker",
        "[global]\ndefault = work\n\n[work]\nurl = https://gitlab.«domain»\nprivate_token = «v»\napi_version = 4",
        'provider "gitlab" {\n  token    = "«v»"\n  base_url = "https://gitlab.«domain»/api/v4/"\n}',
        "glab auth login --hostname gitlab.«domain» --token «v»",
        "curl -X POST --fail -F token=«v» -F ref=main https://gitlab.com/api/v4/projects/«n»/trigger/pipeline",
        "variables:\n  GITLAB_TOKEN: \"«v»\"\n  DOCKER_DRIVER: overlay2",
        "gl = gitlab.Gitlab('https://gitlab.«domain»', private_token='«v»')",
        "docker login registry.gitlab.com -u «handle» -p «v»",
    ]
    return build_family("gitlab", lambda: ({"v": (v := g_gitlab())}, [v]), spec,
                        ["GITLAB_TOKEN", "GL_TOKEN", "GITLAB_PRIVATE_TOKEN", "GITLAB_API_TOKEN"],
                        "gitlab", GENERIC_KV + GENERIC_API)


def fam_google():
    spec = [
        "<script src=\"https://maps.googleapis.com/maps/api/js?key=«v»&callback=initMap\" async defer></script>",
        "const firebaseConfig = {\n  apiKey: \"«v»\",\n  authDomain: \"«proj».firebaseapp.com\",\n"
        "  projectId: \"«proj»\",\n  storageBucket: \"«proj».appspot.com\",\n  messagingSenderId: \"«acct»\",\n};",
        "\"api_key\": [\n  {\n    \"current_key\": \"«v»\"\n  }\n]",
        "<meta-data\n    android:name=\"com.google.android.geo.API_KEY\"\n    android:value=\"«v»\" />",
        "<key>GMSApiKey</key>\n<string>«v»</string>",
        "curl \"https://www.googleapis.com/youtube/v3/search?part=snippet&q=rust+async&maxResults=5&key=«v»\"",
        "curl -s \"https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-flash:generateContent?key=«v»\" \\\n"
        "  -H 'Content-Type: application/json' -d '{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}'",
        "$ gcloud services api-keys get-key-string projects/«proj»/locations/global/keys/«uuid»\nkeyString: «v»",
        "genai.configure(api_key=\"«v»\")",
        "GET https://maps.googleapis.com/maps/api/geocode/json?address=Main+St&key=«v» 200 OK",
    ]
    return build_family("google_api_key", lambda: ({"v": (v := g_google())}, [v]), spec,
                        ["GOOGLE_API_KEY", "GEMINI_API_KEY", "GOOGLE_MAPS_API_KEY", "FIREBASE_API_KEY"],
                        "google", GENERIC_KV + GENERIC_API)


def fam_hf():
    spec = [
        "huggingface-cli login --token «v»",
        "from huggingface_hub import login\nlogin(token=\"«v»\")",
        "model = AutoModelForCausalLM.from_pretrained(\"meta-llama/Llama-2-7b-hf\", token=\"«v»\")",
        "curl https://api-inference.huggingface.co/models/gpt2 \\\n  -H \"Authorization: Bearer «v»\" \\\n"
        "  -d '{\"inputs\": \"Hello\"}'",
        "git clone https://«handle»:«v»@huggingface.co/«org»/«repo»",
        "$ cat ~/.cache/huggingface/token\n«v»",
        "api = HfApi(token=\"«v»\")\napi.upload_folder(folder_path=\"out\", repo_id=\"«org»/«repo»\")",
        "docker run --gpus all -e HUGGING_FACE_HUB_TOKEN=«v» -p 8080:80 ghcr.io/huggingface/text-generation-inference:2.0",
    ]
    return build_family("huggingface", lambda: ({"v": (v := g_hf())}, [v]), spec,
                        ["HF_TOKEN", "HUGGINGFACE_HUB_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_API_TOKEN"],
                        "huggingface", GENERIC_KV + GENERIC_API)


def fam_jwt():
    spec = [
        "Authorization: Bearer «v»",
        "Cookie: session=«v»; theme=dark; lang=en",
        "Set-Cookie: access_token=«v»; Path=/; HttpOnly; Secure; SameSite=Lax",
        '{"access_token":"«v»","token_type":"Bearer","expires_in":3600,"scope":"read write"}',
        "localStorage.setItem('id_token', '«v»');",
        "https://app.«domain»/callback#id_token=«v»&state=«hex16»",
        "«date» INFO auth: issued session token for user_id=«n»: «v»",
        "can someone decode this for me? jwt.io says invalid signature: «v»",
        "users:\n- name: ci-deployer\n  user:\n    token: «v»",
        "SUPABASE_SERVICE_ROLE_KEY=«v»",
        "curl -H \"Authorization: Bearer «v»\" https://api.«domain»/v1/me",
        "const token = \"«v»\";\nconst decoded = jwt.verify(token, publicKey);",
        "metadata = [('authorization', 'Bearer «v»')]\nstub.ListOrders(req, metadata=metadata)",
    ]
    return build_family("jwt", lambda: ({"v": (v := g_jwt())}, [v]), spec,
                        ["JWT", "ACCESS_TOKEN", "ID_TOKEN", "AUTH_TOKEN", "SERVICE_JWT"], "auth",
                        GENERIC_KV)


def fam_openai():
    spec = [
        "from openai import OpenAI\n\nclient = OpenAI(api_key=\"«v»\")",
        "openai.api_key = \"«v»\"",
        "curl https://api.openai.com/v1/chat/completions \\\n  -H \"Content-Type: application/json\" \\\n"
        "  -H \"Authorization: Bearer «v»\" \\\n  -d '{\"model\": \"gpt-4o-mini\", \"messages\": "
        "[{\"role\": \"user\", \"content\": \"Say hi\"}]}'",
        "const openai = new OpenAI({ apiKey: '«v»' });",
        "llm = ChatOpenAI(model=\"gpt-4o-mini\", temperature=0, openai_api_key=\"«v»\")",
        '{"models": [{"title": "GPT-4o", "provider": "openai", "model": "gpt-4o", "apiKey": "«v»"}]}',
        "openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: "
        "«v». You can find your API key at https://platform.openai.com/account/api-keys.', "
        "'type': 'invalid_request_error', 'code': 'invalid_api_key'}}",
        "OPENAI_API_KEY=«v»\nOPENAI_ORG=org-«hex16»",
    ]
    return build_family("openai", lambda: ({"v": (v := g_openai())}, [v]), spec,
                        ["OPENAI_API_KEY", "OPENAI_KEY", "OPENAI_TOKEN"], "openai",
                        GENERIC_KV + GENERIC_API)


def fam_slack():
    spec = [
        "curl -X POST -H \"Authorization: Bearer «v»\" -H \"Content-type: application/json\" \\\n"
        "  --data '{\"channel\":\"«chan»\",\"text\":\"deploy finished\"}' https://slack.com/api/chat.postMessage",
        "from slack_sdk import WebClient\n\nclient = WebClient(token=\"«v»\")",
        "const app = new App({\n  token: '«v»',\n  socketMode: true,\n});",
        "slack:\n  token: «v»\n  channel: \"#deploys\"",
    ]
    hook_spec = [
        "curl -X POST -H 'Content-type: application/json' --data '{\"text\":\"Build #«n» failed\"}' «v»",
        "receivers:\n- name: oncall\n  slack_configs:\n  - api_url: «v»\n    channel: '#alerts'",
        "SLACK_WEBHOOK_URL=«v»",
    ]

    def gen():
        v, env = g_slack()
        return {"v": v, "ENV": env}, [v]
    rows = build_family("slack", gen, spec, ["SLACK_TOKEN"], "slack", GENERIC_KV + GENERIC_API)
    # ensure some webhooks with webhook-specific surroundings
    out = rows[:N_POS - len(hook_spec)]
    for tpl in hook_spec:
        v = "https://hooks.slack.com/services/T%s/B%s/%s" % (rs(9, UP + DG), rs(11, UP + DG), rs_mixed(24))
        out.append(pos_row(fill(tpl, v=v), [v], "slack"))
    assert len(out) == N_POS
    return out


def fam_stripe():
    spec = [
        "stripe.api_key = \"«v»\"",
        "const stripe = require('stripe')('«v»');",
        "curl https://api.stripe.com/v1/charges \\\n  -u «v»: \\\n  -d amount=2000 \\\n  -d currency=usd",
        "Stripe.api_key = '«v»'",
        "\\Stripe\\Stripe::setApiKey('«v»');",
        "stripe.Key = \"«v»\"",
        "stripe listen --api-key «v» --forward-to localhost:4242/webhook",
        "event = stripe.Webhook.construct_event(payload, sig_header, \"«v»\")",
        "StripeConfiguration.ApiKey = \"«v»\";",
    ]
    def gen():
        v = g_stripe()
        env = "STRIPE_WEBHOOK_SECRET" if v.startswith("whsec_") else R.choice(
            ["STRIPE_SECRET_KEY", "STRIPE_API_KEY", "STRIPE_KEY"])
        return {"v": v, "ENV": env}, [v]
    return build_family("stripe", gen, spec,
                        ["STRIPE_SECRET_KEY", "STRIPE_API_KEY", "STRIPE_KEY", "STRIPE_WEBHOOK_SECRET"],
                        "stripe", GENERIC_KV + GENERIC_API)


def fam_password():
    spec = [
        "password=«v»",
        "pwd: «v»",
        '{"username": "admin", "password": "«v»"}',
        "DB_PASSWORD=«v»",
        "PGPASSWORD=«v» psql -h «dbhost» -U «dbuser» -d «db»",
        "mysql -u root --password=«v» -h «dbhost»",
        "mysql -h «dbhost» -u «dbuser» -p«v» «db»",
        "./deploy.sh --user admin --password «v» --env staging",
        "The password is «v» (case sensitive).",
        "btw the wifi password is «v» if anyone asks",
        "Das Passwort lautet «v» – bitte nicht weitergeben.",
        "Le mot de passe est : «v»\nChange-le après ta première connexion.",
        "La contraseña es «v» y el usuario es admin.",
        "A senha do servidor é «v» — troque depois do primeiro acesso.",
        "La password dell'account è «v» e l'utente è admin.",
        "Het wachtwoord is «v» voor de testomgeving.",
        "Пароль от сервера: «v»",
        "服务器密码：«v»",
        "パスワードは «v» です。",
        "Hasło do panelu: «v»",
        "Şifre: «v» (ilk girişte değiştir)",
        "비밀번호는 «v» 입니다.",
        "Lösenordet till routern är «v» om någon frågar.",
        "services:\n  db:\n    image: mysql:8.0\n    environment:\n      MYSQL_ROOT_PASSWORD: «v»",
        "spring.datasource.username=app\nspring.datasource.password=«v»",
        "ansible_user: deploy\nansible_password: «v»",
        "sshpass -p '«v»' ssh -l deploy «dbhost»",
        "docker login registry.«domain» -u ci -p «v»",
        "htpasswd -b /etc/nginx/.htpasswd admin «v»",
        "$db_password = \"«v»\";",
        "PASSWORD = \"«v»\"",
        "const dbPassword = '«v»';",
        "database:\n  user: app\n  password: «v»\n  host: «dbhost»",
        "net user svc_backup «v» /add",
        "redis-cli -h «dbhost» -a «v» ping",
        "CREATE USER reporting WITH PASSWORD '«v»';",
        "ALTER USER 'root'@'localhost' IDENTIFIED BY '«v»';",
        "login: admin / pass: «v»",
        "WiFi: GuestNet-5G\nPassword: «v»",
        "POSTGRES_PASSWORD=«v»",
        "[client]\nuser=backup\npassword=«v»",
        "<add key=\"SmtpPassword\" value=\"«v»\" />",
    ]
    # the first 9 templates (password=, pwd:, JSON, DB_PASSWORD=, PGPASSWORD=, --password, ...)
    # are always used; the rest are sampled
    order = spec[:9] + R.sample(spec[9:], N_POS - 9)
    rows = []
    for tpl in order:
        v = human_password()
        rows.append(pos_row(fill(tpl, v=v), [v], "password_assignment"))
    return rows


# ---- private keys ---------------------------------------------------------
def pem_rsa_pkcs1():
    if R.random() < 0.7:
        der = bytes.fromhex("308204a40201000282010100") + rbytes(1192 - 12)
    else:
        der = bytes.fromhex("3082025d02010002818100") + rbytes(609 - 11)
    return pem_wrap("RSA PRIVATE KEY", der), "id_rsa"


def pem_pkcs8():
    der = bytes.fromhex("308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100")
    der += rbytes(1217 - len(der))
    return pem_wrap("PRIVATE KEY", der), "tls.key"


def pem_ec():
    der = (bytes.fromhex("30770201010420") + rbytes(32) + bytes.fromhex("a00a06082a8648ce3d030107a144034200")
           + b"\x04" + rbytes(64))
    return pem_wrap("EC PRIVATE KEY", der), "ec-p256.key"


def pem_openssh():
    pk = rbytes(32)
    pub = sshstr(b"ssh-ed25519") + sshstr(pk)
    check = rbytes(4)
    comment = R.choice([b"ci-deploy", b"backup-host", b"runner-07", b"build-agent"])
    priv = check + check + sshstr(b"ssh-ed25519") + sshstr(pk) + sshstr(rbytes(32) + pk) + sshstr(comment)
    pad = 1
    while len(priv) % 8:
        priv += bytes([pad])
        pad += 1
    blob = (b"openssh-key-v1\x00" + sshstr(b"none") + sshstr(b"none") + sshstr(b"")
            + struct.pack(">I", 1) + sshstr(pub) + sshstr(priv))
    return pem_wrap("OPENSSH PRIVATE KEY", blob, 70), "id_ed25519"


def pem_encrypted():
    der = bytes.fromhex("3082050e304006092a864886f70d01050d3033301b06092a864886f70d01050c300e0408")
    der += rbytes(1298 - len(der))
    return pem_wrap("ENCRYPTED PRIVATE KEY", der), "key.enc.pem"


PEM_RE = re.compile(r"-----BEGIN ([A-Z ]+)-----.*?-----END \1-----", re.S)


def fam_pem():
    makers = [pem_rsa_pkcs1] * 3 + [pem_pkcs8] * 3 + [pem_ec] * 2 + [pem_openssh] * 3 + [pem_encrypted]

    def c_cat(b, e, f):
        return "$ cat ~/.ssh/%s\n%s" % (f, b) if f.startswith("id_") else "$ sudo cat /etc/ssl/private/%s\n%s" % (f, b)

    def c_gcp(b, e, f):
        return ('{\n  "type": "service_account",\n  "project_id": "%s",\n  "private_key_id": "%s",\n'
                '  "private_key": "%s\\n",\n  "token_uri": "https://oauth2.googleapis.com/token"\n}'
                % (R.choice(PROJECTS), rs(40, HEX), e))

    def c_k8s(b, e, f):
        return ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: ingress-tls\ntype: kubernetes.io/tls\n"
                "stringData:\n  tls.key: |\n" + indent(b, 4))

    def c_tf(b, e, f):
        return ('resource "local_sensitive_file" "deploy_key" {\n  filename = "${path.module}/%s"\n'
                '  content  = <<-EOT\n%s\n  EOT\n}' % (f, indent(b, 4)))

    def c_py(b, e, f):
        return 'SIGNING_KEY = """%s\n"""\n\ndef sign(payload):\n    return jwt.encode(payload, SIGNING_KEY, algorithm="RS256")' % b

    def c_chat(b, e, f):
        return "here's the deploy key for the runner, add it as a masked variable:\n\n" + b

    def c_env(b, e, f):
        return 'JWT_PRIVATE_KEY="%s"\nJWT_ISSUER=https://auth.%s' % (e, R.choice(DOMAINS))

    def c_md(b, e, f):
        return ("I'm getting `error:1E08010C:DECODER routines::unsupported` when loading this key, any idea?\n\n"
                "```\n%s\n```" % b)

    def c_ansible(b, e, f):
        return "deploy_user: ci\ndeploy_private_key: |\n" + indent(b, 2)

    def c_echo(b, e, f):
        return "echo '%s' > /tmp/%s && chmod 600 /tmp/%s" % (b, f, f)

    def c_log(b, e, f):
        return '{"level":"debug","ts":"%s","msg":"loaded signing key","key":"%s"}' % (f_date(), e)

    def c_plain(b, e, f):
        return b + "\n"

    def c_vault(b, e, f):
        return "vault kv put secret/ci/deploy private_key=- <<'EOF'\n%s\nEOF" % b

    def c_yaml(b, e, f):
        return "ssh:\n  host: bastion.%s\n  user: deploy\n  private_key: |\n%s" % (R.choice(DOMAINS), indent(b, 4))

    def c_go(b, e, f):
        return "var testKey = []byte(`%s`)\n\nfunc init() { signer, _ = ssh.ParsePrivateKey(testKey) }" % b

    ctxs = [c_cat, c_gcp, c_k8s, c_tf, c_py, c_chat, c_env, c_md, c_ansible, c_echo, c_log,
            c_plain, c_vault, c_yaml, c_go]
    order = R.sample(ctxs, len(ctxs)) * 2
    rows = []
    for c in order[:N_POS]:
        block, fname = R.choice(makers)()
        esc = block.replace("\n", "\\n")
        text = c(block, esc, fname)
        m = PEM_RE.search(text)
        assert m, text
        rows.append(pos_row(text, [m.group(0)], "pem_private_key"))
    return rows


# --------------------------------------------------------------------------
# hard negatives
# --------------------------------------------------------------------------
def make_neg(kind, gen):
    rows, seen, tries = [], set(), 0
    while len(rows) < N_NEG:
        tries += 1
        assert tries < N_NEG * 200, kind
        t = gen()
        if t in seen:
            continue
        seen.add(t)
        rows.append({"text": t, "entities": [], "kind": kind, "family": ""})
    return rows


COMMIT_MSGS = ["fix: handle empty pagination cursor", "chore(deps): bump serde from 1.0.196 to 1.0.197",
               "feat: add retry with jitter to uploader", "refactor: split config loader", "docs: update README",
               "Merge branch 'release/2.4' into main", "test: cover unicode normalisation",
               "perf: avoid cloning request body", "ci: cache cargo registry", "revert: temporary logging"]


def sha40():
    return rs(40, HEX)


def neg_git_sha():
    k = R.randrange(18)
    s, m = sha40(), R.choice(COMMIT_MSGS)
    if k == 0:
        return ("commit %s\nMerge: %s %s\nAuthor: release-bot\nDate:   Tue Mar 12 10:41:07 2024 +0000\n\n    %s"
                % (s, rs(7, HEX), rs(7, HEX), m))
    if k == 1:
        return "$ git rev-parse HEAD\n" + s
    if k == 2:
        return "Fixed in %s (backported to release-2.%d as %s)." % (s, R.randint(1, 9), sha40())
    if k == 3:
        return "\n".join("%s %s" % (rs(7, HEX), x) for x in R.sample(COMMIT_MSGS, 4))
    if k == 4:
        return "HEAD is now at %s %s" % (rs(7, HEX), m)
    if k == 5:
        return "git cherry-pick -x %s" % s
    if k == 6:
        return "Submodule path 'vendor/%s': checked out '%s'" % (R.choice(REPOS), s)
    if k == 7:
        return "      - uses: actions/checkout@%s # v4.1.%d" % (s, R.randint(0, 7))
    if k == 8:
        return ("From https://github.com/%s/%s\n * branch            main       -> FETCH_HEAD\n"
                "   %s..%s  main       -> origin/main" % (R.choice(ORGS), R.choice(REPOS), rs(7, HEX), rs(7, HEX)))
    if k == 9:
        return '"resolved": "git+ssh://git@github.com/%s/%s.git#%s"' % (R.choice(ORGS), R.choice(REPOS), s)
    if k == 10:
        return ('[[package]]\nname = "%s"\nversion = "0.%d.0"\nsource = "git+https://github.com/%s/%s?rev=%s#%s"'
                % (R.choice(REPOS), R.randint(1, 9), R.choice(ORGS), R.choice(REPOS), s[:7], s))
    if k == 11:
        return "Bisecting: %d revisions left to test after this (roughly %d steps)\n[%s] %s" % (
            R.randint(3, 90), R.randint(2, 7), s, m)
    if k == 12:
        return "%s\trefs/heads/main\n%s\trefs/tags/v1.%d.0" % (s, sha40(), R.randint(0, 20))
    if k == 13:
        return "GITHUB_SHA=%s\nGITHUB_REF=refs/heads/main\nGITHUB_RUN_NUMBER=%d" % (s, R.randint(10, 9000))
    if k == 14:
        return 'This reverts commit %s.' % s
    if k == 15:
        return "pick %s %s\nsquash %s %s" % (rs(7, HEX), m, rs(7, HEX), R.choice(COMMIT_MSGS))
    if k == 16:
        return "%s (build-bot 2023-11-02 14:22:09 +0100 %d)     return cache.get(key)" % (rs(8, HEX), R.randint(10, 900))
    return "The regression was introduced by %s and first shipped in the %s nightly." % (s, "2024-0%d-1%d" % (
        R.randint(1, 9), R.randint(0, 9)))


FILES = ["app-1.4.2-linux-amd64.tar.gz", "installer.msi", "model.safetensors", "dataset-2024-03.parquet",
         "ubuntu-22.04.4-live-server-amd64.iso", "release.zip", "node-v20.11.1-darwin-arm64.tar.xz",
         "backup-2024-03-11.sql.gz", "firmware-v3.2.bin"]


def neg_hash_hex():
    k = R.randrange(17)
    f = R.choice(FILES)
    h256, h1, md5 = rs(64, HEX), rs(40, HEX), rs(32, HEX)
    if k == 0:
        return "%s  %s" % (h256, f)
    if k == 1:
        return "MD5 (%s) = %s" % (f, md5)
    if k == 2:
        return "SHA256(%s)= %s" % (f, h256)
    if k == 3:
        return ('[[package]]\nname = "%s"\nversion = "1.0.%d"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n'
                'checksum = "%s"' % (R.choice(["serde", "tokio", "regex", "anyhow", "itoa", "memchr", "bytes"]),
                                     R.randint(1, 200), h256))
    if k == 4:
        return 'HTTP/1.1 200 OK\nContent-Type: application/octet-stream\nETag: "%s"\nContent-Length: %d' % (
            md5, R.randint(1000, 9000000))
    if k == 5:
        return "%s==%d.%d.%d \\\n    --hash=sha256:%s" % (R.choice(["requests", "numpy", "urllib3", "idna", "certifi"]),
                                                        R.randint(1, 3), R.randint(0, 30), R.randint(0, 9), h256)
    if k == 6:
        return '"integrity": "sha512-%s"' % b64(rbytes(64))
    if k == 7:
        return 'url "https://github.com/%s/%s/archive/refs/tags/v%d.%d.tar.gz"\nsha256 "%s"' % (
            R.choice(ORGS), R.choice(REPOS), R.randint(0, 5), R.randint(0, 20), h256)
    if k == 8:
        return '  src = fetchurl {\n    url = "https://example.org/%s";\n    sha256 = "%s";\n  };' % (f, h256)
    if k == 9:
        return "File hash (SHA-256): %s" % h256.upper()
    if k == 10:
        return "MD5: %s\nSHA-1: %s\nSHA-256: %s\nFile type: Win32 EXE" % (md5, h1, h256)
    if k == 11:
        return '{"event":"file_uploaded","path":"uploads/%s","content_hash":"%s","size":%d}' % (
            f, h256, R.randint(100, 10 ** 7))
    if k == 12:
        return "checksum mismatch for %s:\n  expected: %s\n  got:      %s" % (f, h256, rs(64, HEX))
    if k == 13:
        return ('provider "registry.terraform.io/hashicorp/aws" {\n  version = "5.%d.0"\n  hashes = [\n'
                '    "h1:%s",\n    "zh:%s",\n  ]\n}' % (R.randint(10, 60), b64(rbytes(32)), h256))
    if k == 14:
        return "%s  %s" % (rs(128, HEX), f)
    if k == 15:
        return "sha1sum: %s  %s" % (h1, f)
    return "SHA256 Fingerprint=%s" % ":".join(rs(2, "0123456789ABCDEF") for _ in range(32))


ID_WORDS = ["user", "account", "session", "token", "refresh", "access", "authentication", "authorization",
            "provider", "factory", "manager", "handler", "request", "response", "cache", "secret",
            "credential", "password", "reset", "policy", "validator", "serializer", "repository", "service",
            "config", "builder", "interceptor", "middleware", "resolver", "adapter", "strategy", "registry",
            "context", "payload", "metadata", "encryption", "signature", "verification", "key", "rotation",
            "scheduler", "queue", "worker", "event", "listener", "notification", "subscription", "billing",
            "invoice", "checkout", "inventory", "shipment", "tracking", "abstract", "default", "internal",
            "legacy", "async", "batch", "remote", "cached", "expired", "pending"]


def id_words(a=3, b=6):
    return R.sample(ID_WORDS, R.randint(a, b))


def snake(ws):
    return "_".join(ws)


def camelw(ws):
    return ws[0] + "".join(w.capitalize() for w in ws[1:])


def pascal(ws):
    return "".join(w.capitalize() for w in ws)


def kebab(ws):
    return "-".join(ws)


def neg_identifiers():
    k = R.randrange(16)
    if k == 0:
        return "def %s(self, %s: %s) -> None:" % (snake(id_words(4, 6)), snake(id_words(2, 3)), pascal(id_words(3, 4)))
    if k == 1:
        return "class %s(%s):\n    pass" % (pascal(id_words(4, 6)), pascal(id_words(2, 4)))
    if k == 2:
        return "import { %s } from '@%s/%s';" % (camelw(id_words(4, 6)), R.choice(ORGS), kebab(id_words(2, 3)))
    if k == 3:
        return "from %s.%s import %s" % (R.choice(["app", "core", "platform", "services"]), snake(id_words(2, 3)),
                                         pascal(id_words(4, 5)))
    if k == 4:
        return "%s = %d" % (snake(id_words(4, 6)).upper(), R.choice([0, 1, 3, 30, 60, 3600, 86400, 1024]))
    if k == 5:
        return "error[E0425]: cannot find function `%s` in module `%s`" % (snake(id_words(4, 6)), snake(id_words(1, 2)))
    if k == 6:
        return "\tat com.%s.%s.%s.%s(%s.java:%d)" % (
            R.choice(ORGS).replace("-", ""), ".".join(id_words(2, 3)), pascal(id_words(3, 5)),
            camelw(id_words(3, 4)), pascal(id_words(2, 3)), R.randint(20, 900))
    if k == 7:
        return "npm install @%s/%s %s" % (R.choice(ORGS), kebab(id_words(3, 4)), kebab(id_words(2, 4)))
    if k == 8:
        return "pip install %s==%d.%d.%d" % (kebab(id_words(2, 4)), R.randint(0, 5), R.randint(0, 20), R.randint(0, 9))
    if k == 9:
        return "implementation 'org.%s.%s:%s:%d.%d.%d'" % (
            R.choice(ID_WORDS), R.choice(ID_WORDS), kebab(id_words(3, 5)), R.randint(1, 6), R.randint(0, 9), R.randint(0, 9))
    if k == 10:
        return "export interface %s {\n  %s: string;\n  %s?: number;\n}" % (
            pascal(id_words(3, 5)), camelw(id_words(3, 5)), camelw(id_words(3, 4)))
    if k == 11:
        return "SELECT %s, %s FROM %s WHERE %s IS NOT NULL;" % (
            snake(id_words(2, 4)), snake(id_words(3, 4)), snake(id_words(2, 3)), snake(id_words(3, 4)))
    if k == 12:
        return "func (s *%s) %s(ctx context.Context) error {" % (pascal(id_words(3, 4)), pascal(id_words(4, 6)))
    if k == 13:
        return "kubectl rollout restart deployment/%s -n %s" % (kebab(id_words(3, 5)), kebab(id_words(1, 2)))
    if k == 14:
        return "    %s = get_%s_from_%s()" % (snake(id_words(3, 5)), snake(id_words(2, 3)), snake(id_words(1, 2)))
    return "warning: unused variable: `%s`\n  --> src/%s.rs:%d:9" % (
        snake(id_words(4, 6)), snake(id_words(1, 2)), R.randint(10, 500))


LOW_KEYS_PY = ["password", "passwd", "pwd", "db_password", "token", "auth_token", "access_token", "secret",
               "client_secret", "api_key", "secret_key", "private_key", "credentials", "auth"]
LOW_VALS = {
    "py": ["None", "True", "False", '""', "''", 'os.environ.get("DB_PASSWORD")', "getpass.getpass()",
           'input("Password: ")', "self.password", "settings.API_KEY", 'get_secret("db-password")',
           'kwargs.get("token")', "args.token", "Optional[str] = None", "SecretStr", "config.secret",
           'vault.read("secret/data/app")["data"]["password"]', "field(default=None, repr=False)"],
    "yaml": ["null", "~", "true", "false", '""', "required", "optional", "string", "bool", "env", "none",
             "hidden", "[]", "{}"],
    "json": ["null", "true", "false", '""', '"required"', '"string"', "0", '{"type": "string", "writeOnly": true}'],
    "js": ["undefined", "null", "process.env.API_KEY", "''", "config.get('auth.token')", "req.body.password",
           "await getSecret('stripe')", "options.token ?? null"],
    "go": ['os.Getenv("TOKEN")', '""', "nil", "cfg.Secret", 'viper.GetString("db.password")'],
}
LOW_FIXED = [
    "password_min_length: 12", "token_ttl_seconds = 3600", "secret_rotation_days: 90",
    "api_key_header: X-API-Key", "token_type: Bearer", "auth: basic", "auth: none",
    "password_required: true", "require_token=false", "password_hash_algorithm: argon2id",
    "secret_store: vault", "token_endpoint: https://auth.example.com/oauth/token",
    "PASSWORD_HASHERS = ['django.contrib.auth.hashers.Argon2PasswordHasher']",
    "max_password_age_days = 180", "api_key_prefix_length: 8", "token_refresh_margin=300",
    "auth_method: oidc", "password_reset_timeout = 259200", "secret_backend: aws-secrets-manager",
    "api_key_location: header",
]


def neg_low_entropy():
    k = R.randrange(7)
    key = R.choice(LOW_KEYS_PY)
    if k == 0:
        return "%s = %s" % (key, R.choice(LOW_VALS["py"]))
    if k == 1:
        return "%s: %s" % (key, R.choice(LOW_VALS["yaml"]))
    if k == 2:
        return '"%s": %s' % (camel(key), R.choice(LOW_VALS["json"]))
    if k == 3:
        return "const %s = %s;" % (camel(key), R.choice(LOW_VALS["js"]))
    if k == 4:
        return "%s := %s" % (camel(key), R.choice(LOW_VALS["go"]))
    if k == 5:
        return R.choice(LOW_FIXED) + ("\n" + R.choice(LOW_FIXED) if R.random() < 0.5 else "")
    return "%s=%s" % (key.upper(), R.choice(["", "true", "false", "0", "1", "none", "null", "required"]))


PLACEHOLDER_PAIRS = [
    ("OPENAI_API_KEY", "sk-..."), ("OPENAI_API_KEY", "sk-" + "x" * 48), ("OPENAI_API_KEY", "<your-openai-api-key>"),
    ("ANTHROPIC_API_KEY", "sk-ant-..."), ("ANTHROPIC_API_KEY", "sk-ant-api03-xxxxxxxx"),
    ("GITHUB_TOKEN", "ghp_" + "x" * 36), ("GITHUB_TOKEN", "${{ secrets.GITHUB_TOKEN }}"),
    ("GH_TOKEN", "<your-github-token>"), ("GITLAB_TOKEN", "glpat-" + "x" * 20),
    ("AWS_ACCESS_KEY_ID", "AKIA" + "X" * 16), ("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"),
    ("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
    ("AWS_SECRET_ACCESS_KEY", "YOUR_SECRET_ACCESS_KEY"), ("STRIPE_SECRET_KEY", "sk_live_" + "x" * 24),
    ("STRIPE_SECRET_KEY", "sk_test_..."), ("SLACK_BOT_TOKEN", "xoxb-your-bot-token"),
    ("SLACK_BOT_TOKEN", "xoxb-xxxxxxxxxxxx-xxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx"),
    ("HF_TOKEN", "hf_" + "x" * 34), ("HF_TOKEN", "hf_..."), ("GOOGLE_API_KEY", "AIza..."),
    ("GOOGLE_API_KEY", "YOUR_GOOGLE_MAPS_API_KEY"), ("FABRIC_API_KEY", "fabric_<key-id>_<secret>"),
    ("FABRIC_API_KEY", "fabric_xxxxxxxxxxxx_..."), ("DB_PASSWORD", "${DB_PASSWORD}"),
    ("DB_PASSWORD", "changeme"), ("DB_PASSWORD", "CHANGE_ME"), ("POSTGRES_PASSWORD", "REPLACE_ME"),
    ("MYSQL_ROOT_PASSWORD", "<root-password>"), ("PASSWORD", "****"), ("PASSWORD", "********"),
    ("API_KEY", "YOUR_API_KEY_HERE"), ("API_KEY", "<api-key>"), ("API_TOKEN", "[REDACTED]"),
    ("SECRET_KEY", "<redacted>"), ("SECRET_KEY", "your-secret-key"),
    ("CLIENT_SECRET", "{{ .Values.oauth.clientSecret }}"), ("CLIENT_SECRET", "%CLIENT_SECRET%"),
    ("JWT_SECRET", "$(JWT_SECRET)"), ("JWT_SECRET", "xxx"), ("AUTH_TOKEN", "TODO"),
    ("AUTH_TOKEN", "dummy-token"), ("DATABASE_URL", "postgres://user:password@localhost:5432/mydb"),
    ("DATABASE_URL", "postgresql://USER:PASSWORD@HOST:PORT/DATABASE"),
    ("REDIS_URL", "redis://:<password>@localhost:6379/0"),
    ("MONGO_URI", "mongodb+srv://<username>:<password>@cluster0.example.mongodb.net/"),
    ("PRIVATE_KEY", "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----"),
    ("JWT", "eyJhbGciOi..."), ("AUTHORIZATION", "Bearer <token>"),
    ("AUTHORIZATION", "Basic <base64(user:pass)>"), ("STRIPE_WEBHOOK_SECRET", "whsec_..."),
    ("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/XXX/YYY/ZZZ"), ("PASSWORD", "your_password"),
    ("PASSWORD", "<password>"), ("TOKEN", "${TOKEN:?must be set}"), ("DEPLOY_KEY", "${{ secrets.DEPLOY_KEY }}"),
    ("VAULT_TOKEN", "s.XXXXXXXXXXXXXXXXXXXXXXXX"), ("NPM_TOKEN", "${NPM_TOKEN}"),
    ("DOCKER_PASSWORD", "$DOCKER_PASSWORD"), ("ADMIN_PASSWORD", "admin"), ("SMTP_PASSWORD", "<smtp-password>"),
]


def neg_placeholder():
    env, val = R.choice(PLACEHOLDER_PAIRS)
    k = R.randrange(10)
    if k == 0:
        return "%s=%s" % (env, val)
    if k == 1:
        return "export %s=%s" % (env, val)
    if k == 2:
        return '%s: "%s"' % (env.lower(), val)
    if k == 3:
        return '{"%s": "%s"}' % (camel(env), val)
    if k == 4:
        return "Set `%s` to `%s` in your `.env` file before starting the server." % (env, val)
    if k == 5:
        return "    environment:\n      - %s=%s" % (env, val)
    if k == 6:
        return '%s = os.getenv("%s", "%s")' % (env.lower(), env, val)
    if k == 7:
        return "| `%s` | `%s` | required |" % (env, val)
    if k == 8:
        return "# %s=%s  (copy .env.example to .env and fill this in)" % (env, val)
    return "```bash\n# replace with your own value\nexport %s='%s'\n```" % (env, val)


def ssh_rsa_pub():
    blob = sshstr(b"ssh-rsa") + sshstr(b"\x01\x00\x01") + sshstr(b"\x00" + rbytes(R.choice([256, 384])))
    return "ssh-rsa " + b64(blob)


def ssh_ed_pub():
    return "ssh-ed25519 " + b64(sshstr(b"ssh-ed25519") + sshstr(rbytes(32)))


def ssh_ecdsa_pub():
    return "ecdsa-sha2-nistp256 " + b64(sshstr(b"ecdsa-sha2-nistp256") + sshstr(b"nistp256") + sshstr(b"\x04" + rbytes(64)))


def any_ssh_pub():
    return R.choice([ssh_rsa_pub, ssh_ed_pub, ssh_ed_pub, ssh_ecdsa_pub])()


def pem_public():
    k = R.randrange(5)
    if k == 0:
        der = bytes.fromhex("30820122300d06092a864886f70d01010105000382010f003082010a0282010100") + rbytes(256) + \
            bytes.fromhex("0203010001")
        return pem_wrap("PUBLIC KEY", der)
    if k == 1:
        der = bytes.fromhex("3059301306072a8648ce3d020106082a8648ce3d030107034200") + b"\x04" + rbytes(64)
        return pem_wrap("PUBLIC KEY", der)
    if k == 2:
        der = bytes.fromhex("3082010a0282010100") + rbytes(256) + bytes.fromhex("0203010001")
        return pem_wrap("RSA PUBLIC KEY", der)
    return pem_cert()


def pem_cert():
    der = bytes.fromhex("308203a130820289a0030201020214") + rbytes(20) + bytes.fromhex("300d06092a864886f70d01010b0500")
    der += rbytes(933 - len(der))
    return pem_wrap("CERTIFICATE", der)


KEY_COMMENTS = ["ci-deploy-key", "backup-host", "build-agent-3", "laptop-2023", "gitlab-runner", "bastion"]


def neg_public_key():
    k = R.randrange(14)
    c = R.choice(KEY_COMMENTS)
    if k == 0:
        return "%s %s" % (any_ssh_pub(), c)
    if k == 1:
        return 'command="/usr/local/bin/backup-only",no-port-forwarding,no-pty %s %s' % (any_ssh_pub(), c)
    if k == 2:
        return "github.com %s\ngitlab.com %s" % (ssh_ed_pub(), ssh_ecdsa_pub())
    if k == 3:
        return 'resource "aws_key_pair" "deployer" {\n  key_name   = "deployer-key"\n  public_key = "%s %s"\n}' % (
            any_ssh_pub(), c)
    if k == 4:
        return "#cloud-config\nusers:\n  - name: deploy\n    ssh_authorized_keys:\n      - %s %s" % (any_ssh_pub(), c)
    if k == 5:
        return "$ cat ~/.ssh/id_ed25519.pub\n%s %s" % (ssh_ed_pub(), c)
    if k == 6:
        return pem_public()
    if k == 7:
        return "Please add my public key to the bastion:\n\n%s %s" % (any_ssh_pub(), c)
    if k == 8:
        n = b64url(b"\xc1" + rbytes(255))
        return ('{"keys":[{"kty":"RSA","kid":"%s","use":"sig","alg":"RS256","n":"%s","e":"AQAB"}]}'
                % (rs(20, B64URL), n))
    if k == 9:
        return "[Peer]\n# site-b gateway\nPublicKey = %s\nEndpoint = vpn.%s:51820\nPersistentKeepalive = 25" % (
            b64(rbytes(32)), R.choice(DOMAINS))
    if k == 10:
        return "256 SHA256:%s %s (ED25519)" % (b64(rbytes(32)).rstrip("="), c)
    if k == 11:
        return ("apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: %s\n"
                "    server: https://k8s.%s:6443\n  name: prod" % (b64(pem_cert().encode()), R.choice(DOMAINS)))
    if k == 12:
        return "# recipient public key for backups\nage1%s" % rs(58, "qpzry9x8gf2tvdw0s3jn54khce6mua7l")
    return ("ssl_certificate: |\n" + indent(pem_cert(), 2) + "\n")


WORDS = ["apple", "river", "quantum", "lantern", "mountain", "silver", "orchard", "window", "painter", "garden",
         "yellow", "bridge", "thunder", "kitchen", "morning", "planet", "violet", "harbor", "candle", "forest",
         "pencil", "ocean", "meadow", "cotton", "marble", "falcon", "breeze", "copper", "lemon", "castle",
         "shadow", "velvet", "anchor", "blanket", "cinnamon", "desert", "engine", "feather", "glacier",
         "honey", "island", "jungle", "kettle", "ladder", "mirror", "needle", "oyster", "pepper", "quilt",
         "rocket", "saddle", "tunnel", "umbrella", "valley", "walnut", "zebra", "correct", "horse", "battery",
         "staple", "tiny", "brave", "quiet", "gentle", "rapid", "sleepy", "clever", "ancient", "bright",
         "walks", "sings", "carries", "builds", "paints", "follows", "watches", "remembers", "under", "beside",
         "through", "across", "after", "before", "slowly", "always", "never", "often", "together"]
DOCKER_ADJ = ["quirky", "elastic", "focused", "nostalgic", "vigilant", "zealous", "hungry", "admiring"]
DOCKER_NAMES = ["einstein", "turing", "hopper", "lovelace", "curie", "noether", "darwin", "tesla"]


def neg_random_words():
    k = R.randrange(6)
    if k == 0:
        ws = [R.choice(WORDS) for _ in range(R.randint(8, 16))]
        return " ".join(ws).capitalize() + "."
    if k == 1:
        return "-".join(R.sample(WORDS, R.randint(3, 4)))
    if k == 2:
        return "%s_%s" % (R.choice(DOCKER_ADJ), R.choice(DOCKER_NAMES)) + (
            " %s_%s" % (R.choice(DOCKER_ADJ), R.choice(DOCKER_NAMES)))
    if k == 3:
        return "Shopping list: " + ", ".join(R.sample(WORDS, R.randint(4, 7)))
    if k == 4:
        return "\n".join(" ".join(R.choice(WORDS) for _ in range(R.randint(3, 6))) for _ in range(3))
    return "%s-%s-%d.herokuapp.com" % (R.choice(WORDS), R.choice(WORDS), R.randint(1000, 9999))


TALK = [
    "Rotate the «S» «K» every «D» days and store it in «V».",
    "We rotated the «S» «K» after the incident; the old one has been revoked.",
    "Never commit your .env file; the «S» «K» belongs in «V».",
    "GitHub classic personal access tokens start with ghp_ followed by 36 characters.",
    "Stripe live secret keys begin with sk_live_ and test keys with sk_test_.",
    "AWS access key IDs start with AKIA for long-term keys and ASIA for temporary STS credentials.",
    "OpenAI project keys begin with sk-proj- and should be scoped to a single project.",
    "The JWT is signed with RS256 and expires after «D» minutes.",
    "If a «K» leaks, revoke it first, then audit the «S» logs for the last «D» days.",
    "Our CI injects the «S» «K» from «V» at runtime, so it never touches the repository.",
    "Please don't paste credentials in Slack — share them through «V» instead.",
    "The «S» «K» is read from the environment variable at startup; if it's missing the service refuses to boot.",
    "Can someone with admin access rotate the «S» «K»? It expires in «D» days.",
    "Secret scanning flagged a possible «S» «K» in PR #«N», but it turned out to be a test fixture.",
    "Hugging Face user access tokens are prefixed with hf_ and can be read-only or write-scoped.",
    "Slack bot tokens start with xoxb- while user tokens start with xoxp-.",
    "GitLab personal access tokens use the glpat- prefix, which makes them easy to detect.",
    "Google API keys start with AIza and should be restricted by HTTP referrer.",
    "Ticket «N»: migrate all «S» credentials to «V» and remove the plaintext copies from the wiki.",
    "Der «S»-Schlüssel wird alle «D» Tage rotiert und liegt in «V».",
    "La clé «S» doit être renouvelée tous les «D» jours et stockée dans «V».",
    "Las credenciales de «S» se guardan en «V», nunca en el repositorio.",
    "Password policy: at least 12 characters, no reuse of the last «D» passwords, MFA required.",
    "Reminder: the quarterly «K» rotation for «S» is scheduled for next Tuesday.",
    "The «S» SDK reads its «K» from the environment by default, so you don't need to pass it explicitly.",
    "Treat connection strings as secrets: they usually embed the database password.",
    "After the offboarding we revoked every «S» «K» that person had created.",
    "Anthropic API keys are prefixed with sk-ant- and can be disabled from the console.",
    "Use short-lived OIDC tokens instead of long-lived «S» «K»s in CI.",
    "The audit found «D» unused «S» «K»s older than a year; they were deleted.",
]
TALK_S = ["AWS", "Stripe", "GitHub", "OpenAI", "Slack", "Twilio", "SendGrid", "Datadog", "GitLab", "database",
          "Fabric", "Hugging Face"]
TALK_K = ["API key", "access token", "client secret", "signing key", "service account key", "webhook secret",
          "deploy key", "password"]
TALK_V = ["Vault", "AWS Secrets Manager", "1Password", "Doppler", "GCP Secret Manager", "the CI secret store",
          "Azure Key Vault"]


def neg_talk():
    t = R.choice(TALK)
    english = not any(w in t for w in ("Der ", "La clé", "Las "))
    vault = R.choice(TALK_V if english else [v for v in TALK_V if not v.startswith("the ")])
    return (t.replace("«S»", R.choice(TALK_S)).replace("«K»", R.choice(TALK_K)).replace("«V»", vault)
            .replace("«D»", str(R.choice([7, 14, 15, 30, 60, 90, 180]))).replace("«N»", str(R.randint(100, 9999))))


def slug():
    return "-".join(R.sample(WORDS, R.randint(3, 6)))


def neg_urls():
    k = R.randrange(24)
    org, repo, dom = R.choice(ORGS), R.choice(REPOS), R.choice(DOMAINS)
    if k == 0:
        u = "https://github.com/%s/%s/issues/%d#issuecomment-%s" % (org, repo, R.randint(1, 9000), digits(10))
    elif k == 1:
        u = "https://github.com/%s/%s/blob/%s/src/%s.rs#L%d-L%d" % (org, repo, sha40(), R.choice(WORDS),
                                                                     R.randint(1, 300), R.randint(301, 600))
    elif k == 2:
        u = "https://docs.google.com/document/d/1%s/edit?usp=sharing" % rs(43, B64URL)
    elif k == 3:
        u = "https://drive.google.com/file/d/1%s/view?usp=drive_link" % rs(32, B64URL)
    elif k == 4:
        u = "https://www.youtube.com/watch?v=%s&t=%ds" % (rs(11, B64URL), R.randint(10, 4000))
    elif k == 5:
        u = "https://www.amazon.com/dp/B0%s?ref_=ast_sto_dp&th=1" % rs(8, UP + DG)
    elif k == 6:
        u = "https://%s.s3.eu-west-1.amazonaws.com/exports/2024/03/%s/report-%d.parquet" % (
            R.choice(BUCKETS), uuid4(), R.randint(1, 999))
    elif k == 7:
        u = "https://%s.atlassian.net/browse/%s-%d?focusedCommentId=%s" % (
            org, rs(3, UP), R.randint(10, 9999), digits(6))
    elif k == 8:
        u = "https://stackoverflow.com/questions/%s/%s" % (digits(8), slug())
    elif k == 9:
        u = "https://%s/products/%s?variant=%s&utm_source=newsletter&utm_medium=email&utm_campaign=spring_sale_2024" % (
            dom, slug(), digits(14))
    elif k == 10:
        u = "https://cdn.%s/static/js/main.%s.chunk.js" % (dom, rs(8, HEX))
    elif k == 11:
        u = "https://console.cloud.google.com/logs/query;query=resource.type%%3D%%22k8s_container%%22;timeRange=PT1H?project=%s" % (
            R.choice(PROJECTS))
    elif k == 12:
        u = "https://portal.azure.com/#@%s/resource/subscriptions/%s/resourceGroups/rg-%s/overview" % (
            dom, uuid4(), repo)
    elif k == 13:
        u = "https://registry.npmjs.org/@%s/%s/-/%s-%d.%d.%d.tgz" % (org, repo, repo, R.randint(0, 9),
                                                                      R.randint(0, 30), R.randint(0, 9))
    elif k == 14:
        u = "https://arxiv.org/abs/2%d%02d.%05dv%d" % (R.randint(1, 4), R.randint(1, 12), R.randint(0, 99999), R.randint(1, 3))
    elif k == 15:
        u = "https://app.datadoghq.com/apm/trace/%s?spanID=%s" % (digits(19), digits(19))
    elif k == 16:
        u = "https://sentry.io/organizations/%s/issues/%s/events/%s/" % (org, digits(10), rs(32, HEX))
    elif k == 17:
        u = "https://hub.docker.com/layers/library/nginx/1.25.4/images/sha256-%s?context=explore" % rs(64, HEX)
    elif k == 18:
        u = "https://open.spotify.com/track/%s" % rs(22)
    elif k == 19:
        u = "https://gitlab.com/%s/%s/-/merge_requests/%d/diffs?commit_id=%s" % (org, repo, R.randint(1, 3000), sha40())
    elif k == 20:
        u = "https://ci.%s/job/%s/job/main/%d/console" % (dom, repo, R.randint(1, 9000))
    elif k == 21:
        u = "https://web.archive.org/web/2024%02d%02d%06d/https://%s/blog/%s" % (
            R.randint(1, 12), R.randint(1, 28), R.randint(0, 235959), dom, slug())
    elif k == 22:
        u = "https://api.%s/v2/orders?page=%d&per_page=50&sort=-created_at&filter[status]=shipped&cursor_id=%s" % (
            dom, R.randint(1, 400), digits(12))
    else:
        u = "https://teams.microsoft.com/l/message/19:%s@thread.tacv2/%s?groupId=%s" % (rs(32, HEX), digits(13), uuid4())
    w = R.randrange(5)
    if w == 0:
        return u
    if w == 1:
        return "see %s for details" % u
    if w == 2:
        return "[link](%s)" % u
    if w == 3:
        return '%s "GET %s HTTP/1.1" 200 %d' % (f_date(), u, R.randint(200, 90000))
    return '{"url": "%s", "status": 200}' % u


def neg_uuid():
    u = uuid4()
    k = R.randrange(14)
    if k == 0:
        return u
    if k == 1:
        return "%s INFO request_id=%s method=GET path=/v1/orders status=200" % (f_date(), u)
    if k == 2:
        return "metadata:\n  name: web-%s\n  uid: %s\n  resourceVersion: \"%d\"" % (rs(5, LO + DG), u, R.randint(1000, 999999))
    if k == 3:
        return "X-Request-Id: %s\nX-Correlation-Id: %s" % (u, uuid4())
    if k == 4:
        return "{%s}" % u.upper()
    if k == 5:
        return "HKEY_CLASSES_ROOT\\CLSID\\{%s}\\InprocServer32" % u.upper()
    if k == 6:
        return '{"tenant_id": "%s", "subscription_id": "%s", "location": "westeurope"}' % (u, uuid4())
    if k == 7:
        return "UPDATE orders SET status = 'shipped' WHERE id = '%s';" % u
    if k == 8:
        return "Error: resource %s not found (trace %s)" % (u, uuid4())
    if k == 9:
        return "/dev/disk/by-uuid/%s" % u
    if k == 10:
        return "UUID=%s /data ext4 defaults,noatime 0 2" % u
    if k == 11:
        return "job %s finished in %.1fs" % (u, R.uniform(0.1, 500))
    if k == 12:
        return '"correlationId": "%s"' % u
    return "Reference number: %s\nPlease quote it when contacting support." % u.upper()


def ver():
    return "%d.%d.%d" % (R.randint(0, 12), R.randint(0, 40), R.randint(0, 30))


IMAGES = ["nginx", "postgres", "redis", "python", "node", "golang", "alpine", "ubuntu", "grafana/grafana"]


def neg_version():
    k = R.randrange(22)
    h64 = rs(64, HEX)
    img = R.choice(IMAGES)
    if k == 0:
        return "image: ghcr.io/%s/%s@sha256:%s" % (R.choice(ORGS), R.choice(REPOS), h64)
    if k == 1:
        return "Digest: sha256:%s\nStatus: Downloaded newer image for %s:%s" % (h64, img, ver())
    if k == 2:
        return "%s+build.%d.%s" % (ver(), R.randint(1, 9999), rs(7, HEX))
    if k == 3:
        return "v%s-rc.%d+git.%s" % (ver(), R.randint(1, 5), rs(7, HEX))
    if k == 4:
        return "BUILD_ID=2024%02d%02d.%d" % (R.randint(1, 12), R.randint(1, 28), R.randint(1, 20))
    if k == 5:
        return "google/raven/raven:14/AP1A.2403%02d.0%02d/%s:user/release-keys" % (R.randint(1, 28), R.randint(1, 99), digits(8))
    if k == 6:
        return "rustc 1.%d.%d (%s 2024-%02d-%02d)" % (R.randint(60, 80), R.randint(0, 2), rs(9, HEX),
                                                      R.randint(1, 12), R.randint(1, 28))
    if k == 7:
        return "go version go1.%d.%d linux/amd64" % (R.randint(18, 23), R.randint(0, 9))
    if k == 8:
        return "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.%d.%d Safari/537.36" % (
            R.randint(110, 126), R.randint(5000, 6500), R.randint(10, 200))
    if k == 9:
        return "OpenJDK Runtime Environment Temurin-17.0.%d+%d (build 17.0.%d+%d)" % ((a := R.randint(1, 12)), (b := R.randint(1, 9)), a, b)
    if k == 10:
        return "Microsoft Windows [Version 10.0.%d.%d]" % (R.choice([19045, 22621, 22631]), R.randint(1000, 4000))
    if k == 11:
        return "Linux build-agent-%d 6.5.0-10%02d-azure #%d~22.04.1-Ubuntu SMP x86_64 GNU/Linux" % (
            R.randint(1, 9), R.randint(10, 40), R.randint(10, 40))
    if k == 12:
        return "appVersion: %s+build.%d.g%s" % (ver(), R.randint(100, 9999), rs(7, HEX))
    if k == 13:
        return "github.com/%s/%s v0.0.0-2024%02d%02d%06d-%s" % (R.choice(ORGS), R.choice(REPOS), R.randint(1, 12),
                                                               R.randint(1, 28), R.randint(0, 235959), rs(12, HEX))
    if k == 14:
        return "docker pull %s@sha256:%s" % (img, h64)
    if k == 15:
        return "FROM node:20.%d.%d-alpine3.19@sha256:%s" % (R.randint(0, 15), R.randint(0, 3), h64)
    if k == 16:
        return '"version": "1.0.0-beta.%d+exp.sha.%s"' % (R.randint(1, 9), rs(7, HEX))
    if k == 17:
        return "MSBuild version 17.%d.%d+%s for .NET" % (R.randint(0, 10), R.randint(0, 9), rs(9, HEX))
    if k == 18:
        return "Artifact: %s-%s-2024%02d%02d.%06d-%d.jar" % (R.choice(REPOS), ver(), R.randint(1, 12), R.randint(1, 28),
                                                            R.randint(0, 235959), R.randint(1, 40))
    if k == 19:
        return "    containerID: containerd://%s\n    image: docker.io/library/%s:%s" % (h64, img, ver())
    if k == 20:
        return "CI_PIPELINE_ID=%d\nCI_COMMIT_SHORT_SHA=%s\nCI_COMMIT_TAG=v%s" % (R.randint(10 ** 6, 10 ** 9), rs(8, HEX), ver())
    return '"image_id": "sha256:%s", "tag": "%s"' % (h64, ver())


# --------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------
STRONG = {
    "github": r"\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b",
    "gitlab": r"(?:glpat|gldt|glrt)-[A-Za-z0-9_\-]{20}|glptt-[0-9a-f]{40}",
    "slack": r"xox[bpa]-[0-9]{10,13}-[0-9A-Za-z-]+|xapp-1-[A-Z0-9]+-|hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{24}",
    "stripe": r"(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{24,}|whsec_[A-Za-z0-9]{32}",
    "google_api_key": r"AIza[0-9A-Za-z_\-]{35}",
    "huggingface": r"\bhf_[A-Za-z]{34}\b|\bapi_org_[A-Za-z]{34}\b",
    "anthropic": r"sk-ant-(?:api03|admin01)-[A-Za-z0-9_\-]{93}AA",
    "openai": r"sk-[A-Za-z0-9_\-]*T3BlbkFJ[A-Za-z0-9_\-]+",
    "aws": r"\b(?:AKIA|ASIA)[A-Z2-7]{16}\b",
    "jwt": r"eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{20,}",
    "pem": r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----",
    "fabric_api_key": r"\bfabric_[0-9a-f]{12}_[0-9a-f]{64}\b",
}
FAMILY_RE = {
    "anthropic": STRONG["anthropic"], "aws_access_key_id_alone": STRONG["aws"], "github": STRONG["github"],
    "gitlab": STRONG["gitlab"], "google_api_key": STRONG["google_api_key"], "huggingface": STRONG["huggingface"],
    "jwt": STRONG["jwt"], "openai": STRONG["openai"], "slack": STRONG["slack"], "stripe": STRONG["stripe"],
    "fabric_api_key": STRONG["fabric_api_key"], "pem_private_key": STRONG["pem"],
}


def validate(rows):
    for r in rows:
        t = r["text"]
        vals = [e["value"] for e in r["entities"]]
        assert all(v in t for v in vals), r
        if r["kind"] == "positive":
            fre = FAMILY_RE.get(r["family"])
            if fre:
                assert re.search(fre, vals[0]), (r["family"], vals[0])
            if r["family"] == "aws_key_pair":
                assert re.fullmatch(STRONG["aws"], vals[0]) and len(vals[1]) == 40, vals
            if r["family"] == "jwt":
                hdr = vals[0].split(".")[0]
                assert "alg" in json.loads(base64.urlsafe_b64decode(hdr + "=" * (-len(hdr) % 4)))
            spans = []
            for v in vals:
                for m in re.finditer(re.escape(v), t):
                    spans.append((m.start(), m.end()))
            for name, pat in STRONG.items():
                for m in re.finditer(pat, t):
                    assert any(a <= m.start() and m.end() <= b for a, b in spans), (r["family"], name, m.group(0))
        elif r["kind"] != "placeholder":
            for name, pat in STRONG.items():
                assert not re.search(pat, t), (r["kind"], name, t)


def main():
    rows = []
    for fam in [fam_anthropic, fam_aws_alone, fam_aws_pair, fam_bearer_basic, fam_connection_string, fam_fabric,
                fam_generic, fam_github, fam_gitlab, fam_google, fam_hf, fam_jwt, fam_openai, fam_password,
                fam_pem, fam_slack, fam_stripe]:
        part = fam()
        assert len(part) == N_POS, (fam.__name__, len(part))
        rows += part
    for kind, gen in [("git_sha", neg_git_sha), ("hash_hex", neg_hash_hex), ("identifiers", neg_identifiers),
                      ("low_entropy_assignments", neg_low_entropy), ("placeholder", neg_placeholder),
                      ("public_key", neg_public_key), ("random_words", neg_random_words),
                      ("talk_about_secrets", neg_talk), ("urls", neg_urls), ("uuid", neg_uuid),
                      ("version_or_build", neg_version)]:
        rows += make_neg(kind, gen)
    validate(rows)
    texts = [r["text"] for r in rows]
    assert len(set(texts)) == len(texts), "duplicate texts"
    with open(OUT, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts = {}
    for r in rows:
        key = r["family"] if r["kind"] == "positive" else r["kind"]
        counts[key] = counts.get(key, 0) + 1
    for k, v in counts.items():
        print("%-26s %d" % (k, v))
    print("total", len(rows), "->", OUT)


if __name__ == "__main__":
    main()
