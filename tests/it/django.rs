//! Django projects in the layouts people use (tests/fixtures/django/), with
//! every finding they must produce, and the safe settings that must stay
//! silent. Each is committed as a first commit (a staged scan) and scanned
//! from disk; both must agree.

use std::path::Path;

use crate::common::{finding, Repo, DJANGO_KEY};

type Expected = Vec<(String, String, u64, String)>;

/// Copies a fixture into a fresh repository and stages it.
fn staged_fixture(name: &str) -> Repo {
    let repo = Repo::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/django")
        .join(name);
    copy(&root, &root, &repo);
    repo.git(&["add", "-A"]);
    repo
}

fn copy(root: &Path, dir: &Path, repo: &Repo) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            copy(root, &path, repo);
        } else {
            let relative = path.strip_prefix(root).unwrap().to_str().unwrap();
            repo.write(relative, std::fs::read(&path).unwrap());
        }
    }
}

fn check(name: &str, expected: Expected) {
    let repo = staged_fixture(name);
    let staged = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(staged.findings(), expected, "staged scan of {name}");
    let blocking = expected.iter().any(|f| f.3 == "block");
    assert_eq!(staged.code(), i32::from(blocking), "exit code of {name}");
    let disk = repo.keyward(&["scan", ".", "--format", "json"]);
    assert_eq!(disk.findings(), expected, "disk scan of {name}");
}

#[test]
fn startproject_single_settings_module() {
    check(
        "single",
        vec![
            finding("django.secret-key", "mysite/settings.py", 7, "block"),
            finding("django.secret-key-weak", "mysite/settings.py", 7, "warn"),
            finding("django.debug", "mysite/settings.py", 10, "block"),
        ],
    );
}

#[test]
fn split_package_reports_debug_inherited_from_base_where_it_is_set() {
    check(
        "split",
        vec![
            finding("django.debug", "shop/settings/base.py", 3, "block"),
            finding("django.secret-key", "shop/settings/local.py", 4, "warn"),
            finding("django.secret-key", "shop/settings/test.py", 3, "warn"),
        ],
    );
}

#[test]
fn cookiecutter_django_is_clean() {
    check("cookiecutter", vec![]);
}

#[test]
fn django_environ_traps() {
    check(
        "environ",
        vec![
            finding("django.debug-fail-open", "mysite/settings.py", 8, "block"),
            finding("django.secret-key-fallback", "mysite/settings.py", 9, "block"),
            finding("django.secret-key-weak", "mysite/settings.py", 9, "warn"),
        ],
    );
}

#[test]
fn python_decouple_traps() {
    check(
        "decouple",
        vec![
            finding("django.debug-fail-open", "mysite/settings.py", 5, "block"),
            finding("django.allowed-hosts", "mysite/settings.py", 6, "block"),
        ],
    );
}

#[test]
fn the_module_wsgi_names_is_production_whatever_its_name() {
    check(
        "wsgi-named",
        vec![finding("django.debug", "project/settings.py", 1, "block")],
    );
}

#[test]
fn verbose_output_explains_which_module_is_production() {
    let repo = staged_fixture("cookiecutter");
    let run = repo.keyward(&["scan", "-v"]);
    let notes = run.stderr();
    assert!(
        notes.contains("note: config/settings/production.py is production settings: config/wsgi.py names it"),
        "{notes}"
    );
    assert!(
        notes.contains("note: config/settings/local.py is development settings (its name)"),
        "{notes}"
    );
    assert!(
        notes.contains("note: config/settings/base.py is base settings"),
        "{notes}"
    );
}

#[test]
fn a_staged_change_to_base_is_judged_where_production_inherits_it() {
    let repo = staged_fixture("cookiecutter");
    repo.commit("clean start");
    let base = String::from_utf8(repo.read("config/settings/base.py")).unwrap();
    repo.stage(
        "config/settings/base.py",
        base.replace("DEBUG = env.bool(\"DJANGO_DEBUG\", False)", "DEBUG = True"),
    );
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 1);
    assert_eq!(
        run.findings(),
        vec![finding("django.debug", "config/settings/base.py", 13, "block")]
    );
    let message = run.json()["findings"][0]["message"].as_str().unwrap().to_string();
    assert!(
        message.contains("effective in production settings config/settings/production.py"),
        "{message}"
    );
}

#[test]
fn removing_a_production_override_blocks_on_the_inherited_line() {
    let repo = staged_fixture("split");
    repo.stage(
        "shop/settings/production.py",
        "from .base import *  # noqa\n\nDEBUG = False\nALLOWED_HOSTS = [\"shop.example.com\"]\nSECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True\nSECURE_HSTS_SECONDS = 1\n",
    );
    repo.commit("production turns DEBUG off");
    let clean = repo.keyward(&["scan", "--format", "json", "--strict"]);
    assert!(
        clean.findings().iter().all(|f| f.0 != "django.debug"),
        "{}",
        clean.stdout()
    );

    // The change deletes the override: base.py's DEBUG = True now wins.
    repo.stage(
        "shop/settings/production.py",
        "from .base import *  # noqa\n\nALLOWED_HOSTS = [\"shop.example.com\"]\nSECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True\nSECURE_HSTS_SECONDS = 1\n",
    );
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stdout());
    assert_eq!(
        run.findings(),
        vec![finding("django.debug", "shop/settings/base.py", 3, "block")]
    );
}

#[test]
fn a_half_written_settings_file_still_counts() {
    let repo = Repo::new();
    repo.stage(
        "mysite/settings.py",
        "DEBUG = True\nDATABASES = {\n    'default': {\n        'ENGINE': \n",
    );
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(
        run.findings(),
        vec![finding("django.debug", "mysite/settings.py", 1, "block")]
    );
}

#[test]
fn raw_sql_and_pickle_in_views() {
    let repo = Repo::new();
    repo.stage(
        "shop/views.py",
        "def search(request):\n    q = request.GET['q']\n    rows = Order.objects.raw(f\"SELECT * FROM o WHERE name = '{q}'\")\n    safe = Order.objects.raw('SELECT * FROM o WHERE name = %s', [q])\n    state = pickle.loads(request.body)\n",
    );
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 1);
    assert_eq!(
        run.findings(),
        vec![
            finding("django.sql-interpolation", "shop/views.py", 3, "block"),
            finding("python.pickle-load", "shop/views.py", 5, "block"),
        ]
    );
}

#[test]
fn an_import_cycle_neither_hangs_nor_hides_a_finding() {
    let dir = Repo::empty_dir();
    dir.write(
        "shop/settings/base.py",
        "from .production import *\nDEBUG = True\n",
    );
    dir.write("shop/settings/production.py", "from .base import *\n");
    let run = dir.keyward(&["scan", ".", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stdout());
    let blocking: Vec<_> = run.findings().into_iter().filter(|f| f.3 == "block").collect();
    assert_eq!(
        blocking,
        vec![finding("django.debug", "shop/settings/base.py", 2, "block")]
    );
}

/// A split project whose wsgi.py and manage.py default to `settings.dev`
/// while `settings/production.py` exists: deployments set the variable.
fn dev_default_project(repo: &Repo) {
    repo.write(
        "mysite/wsgi.py",
        "import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"mysite.settings.dev\")\napplication = get_wsgi_application()\n",
    );
    repo.write(
        "manage.py",
        "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"mysite.settings.dev\")\n",
    );
    repo.write(
        "mysite/settings/base.py",
        "import os\nSECRET_KEY = os.environ.get(\"SECRET_KEY\", \"\")\nDEBUG = False\n",
    );
    repo.write(
        "mysite/settings/dev.py",
        "from .base import *\nDEBUG = True\nALLOWED_HOSTS = [\"*\"]\n",
    );
    repo.write(
        "mysite/settings/production.py",
        "from .base import *\nALLOWED_HOSTS = [\"example.com\"]\nSECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True\nSECURE_HSTS_SECONDS = 3600\n",
    );
}

#[test]
fn a_wsgi_default_to_dev_settings_warns_once_and_production_is_the_production_module() {
    let repo = Repo::new();
    dev_default_project(&repo);
    repo.git(&["add", "-A"]);
    let staged = repo.keyward(&["scan", "--format", "json", "-v"]);
    let expected = vec![finding("django.settings-default", "mysite/wsgi.py", 3, "warn")];
    assert_eq!(staged.findings(), expected, "{}", staged.stdout());
    assert_eq!(staged.code(), 0);
    assert!(
        staged
            .stderr()
            .contains("note: mysite/settings/dev.py is development settings (its name), though mysite/wsgi.py defaults to it"),
        "{}",
        staged.stderr()
    );
    let message = staged.json()["findings"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("runs mysite.settings.dev"), "{message}");
    let disk = repo.keyward(&["scan", ".", "--format", "json"]);
    assert_eq!(disk.findings(), expected);

    // Production still judges what it inherits.
    repo.commit("start");
    repo.stage(
        "mysite/settings/base.py",
        "import os\nSECRET_KEY = os.environ.get(\"SECRET_KEY\", \"\")\nDEBUG = True\n",
    );
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(
        run.findings(),
        vec![finding("django.debug", "mysite/settings/base.py", 3, "block")]
    );
}

#[test]
fn a_wsgi_default_to_dev_settings_without_a_production_module_is_what_deploys() {
    let dir = Repo::empty_dir();
    dev_default_project(&dir);
    std::fs::remove_file(dir.path().join("mysite/settings/production.py")).unwrap();
    let run = dir.keyward(&["scan", ".", "--format", "json"]);
    let blocking_and_default: Vec<_> = run
        .findings()
        .into_iter()
        .filter(|f| !f.0.starts_with("django.deploy."))
        .collect();
    assert_eq!(
        blocking_and_default,
        vec![
            finding("django.debug", "mysite/settings/dev.py", 2, "block"),
            finding("django.allowed-hosts", "mysite/settings/dev.py", 3, "block"),
            finding("django.settings-default", "mysite/wsgi.py", 3, "warn"),
        ]
    );
}

#[test]
fn a_base_key_that_every_production_path_replaces_is_a_development_key() {
    let dir = Repo::empty_dir();
    dir.write(
        "shop/settings/base.py",
        "SECRET_KEY = \"base-dev-key-ujz^de8gx@d6ncf10epf91d!ho%%@d!@zdoc9is0j8h\"\nDEBUG = False\n",
    );
    dir.write(
        "shop/settings/production.py",
        "import os\nfrom .base import *\nif os.environ.get(\"HEROKU\"):\n    SECRET_KEY = os.environ[\"HEROKU_SECRET\"]\nelif os.environ.get(\"K8S\"):\n    SECRET_KEY = open(\"/run/secrets/key\").read()\nelse:\n    raise RuntimeError(\"no key\")\nALLOWED_HOSTS = [\"shop.example.com\"]\n",
    );
    dir.write(
        "shop/settings/staging.py",
        "import os\nfrom .base import *\ntry:\n    SECRET_KEY = os.environ[\"SECRET_KEY\"]\nexcept KeyError:\n    SECRET_KEY = \"staging-fallback\"\nALLOWED_HOSTS = [\"staging.example.com\"]\n",
    );
    let run = dir.keyward(&["scan", ".", "--format", "json", "--rules", "django.secret"]);
    assert_eq!(
        run.findings(),
        vec![
            finding("django.secret-key", "shop/settings/base.py", 1, "warn"),
            // The handler runs when the variable is missing: a fallback.
            finding(
                "django.secret-key-fallback",
                "shop/settings/staging.py",
                6,
                "block"
            ),
            finding("django.secret-key-weak", "shop/settings/staging.py", 6, "warn"),
        ],
        "{}",
        run.stdout()
    );
    let message = run.json()["findings"][0]["message"].as_str().unwrap().to_string();
    assert!(message.contains("a development key"), "{message}");

    // One production path that keeps the base key makes it a production key.
    dir.write(
        "shop/settings/production.py",
        "import os\nfrom .base import *\nif os.environ.get(\"HEROKU\"):\n    SECRET_KEY = os.environ[\"HEROKU_SECRET\"]\nALLOWED_HOSTS = [\"shop.example.com\"]\n",
    );
    let run = dir.keyward(&["scan", ".", "--format", "json", "--rules", "django.secret-key"]);
    assert!(
        run.findings()
            .contains(&finding("django.secret-key", "shop/settings/base.py", 1, "block")),
        "{}",
        run.stdout()
    );
}

#[test]
fn modules_not_named_like_settings_are_settings_when_imported_or_when_they_assign_settings() {
    let repo = Repo::new();
    repo.write(
        "proj/settings.py",
        "from .environments import *\nfrom proj.prj_secrets import DB_PASSWORD\nALLOWED_HOSTS = ['proj.example.com']\n",
    );
    repo.write(
        "proj/environments.py",
        "import os\nDEBUG = os.getenv('DEBUG', 'True') == 'True'\n",
    );
    repo.write(
        "proj/prj_secrets.py",
        "import os\nDB_PASSWORD = os.environ['DB_PASSWORD']\nSECRET_KEY = os.environ.get('SECRET_KEY', 'fallback-key-ujz^de8gx@d6ncf10epf91d!ho%%@d!@zdoc9is0j8h')\n",
    );
    repo.write(
        "deploy/server_conf.py",
        "DEBUG = True\nDATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3'}}\nSECRET_KEY = 'ujz^de8gx@d6ncf10epf91d!ho%%@d!@zdoc9is0j8h!t9*lg@'\n",
    );
    // A Flask config assigns DEBUG and SECRET_KEY too: not Django's.
    repo.write(
        "flaskapp/config.py",
        "DEBUG = False\nSECRET_KEY = 'flask-dev-key'\n",
    );
    repo.git(&["add", "-A"]);
    let expected = vec![
        finding("django.secret-key", "deploy/server_conf.py", 3, "block"),
        finding("django.debug-fail-open", "proj/environments.py", 2, "block"),
        finding("django.secret-key-fallback", "proj/prj_secrets.py", 3, "block"),
    ];
    let staged = repo.keyward(&["scan", "--format", "json", "--rules", "django"]);
    assert_eq!(staged.findings(), expected, "{}", staged.stdout());
    let disk = repo.keyward(&["scan", ".", "--format", "json", "--rules", "django"]);
    assert_eq!(disk.findings(), expected, "{}", disk.stdout());
}

/// A package `__init__.py` that wsgi names but that only picks a module
/// (`try: from .dev import *` / `except: from .prod import *`) is not what
/// deploys beside a production-named module: prod.py replaces the base
/// key in both arms of its own try, so the base key warns. Without that
/// replacement it blocks.
#[test]
fn a_settings_package_that_picks_dev_or_prod_leaves_production_to_prod() {
    let repo = Repo::new();
    repo.write(
        "proj/wsgi.py",
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n",
    );
    repo.write(
        "proj/settings/__init__.py",
        "try:\n    from .dev import *\nexcept ImportError:\n    from .prod import *\n",
    );
    repo.write(
        "proj/settings/base.py",
        format!("DEBUG = False\nSECRET_KEY = '{DJANGO_KEY}'\n"),
    );
    repo.write("proj/settings/dev.py", "from .base import *\nDEBUG = True\n");
    let prod = "import os\nfrom django.core.management.utils import get_random_secret_key\nfrom .base import *\ntry:\n    with open(os.environ['KEY_FILE']) as f:\n        SECRET_KEY = f.read().strip()\nexcept OSError:\n    SECRET_KEY = get_random_secret_key()\n";
    repo.write("proj/settings/prod.py", prod);
    repo.git(&["add", "-A"]);
    let keys = |repo: &Repo| {
        repo.keyward(&["scan", "--format", "json", "--rules", "django.secret-key"])
            .findings()
    };
    assert_eq!(
        keys(&repo),
        vec![finding("django.secret-key", "proj/settings/base.py", 2, "warn")]
    );
    repo.write("proj/settings/prod.py", "from .base import *\n");
    repo.git(&["add", "-A"]);
    assert_eq!(
        keys(&repo),
        vec![finding("django.secret-key", "proj/settings/base.py", 2, "block")]
    );
}

#[test]
fn raw_sql_blocks_only_on_values_from_outside_the_function() {
    let repo = Repo::new();
    repo.stage(
        "shop/db.py",
        "from django.db import connection\n\nDEFAULT_TABLE_NAME = \"shop_cache\"\n\n\ndef clear():\n    with connection.cursor() as cursor:\n        cursor.execute(\"DROP TABLE IF EXISTS \" + DEFAULT_TABLE_NAME)\n\n\ndef set_mode(cursor, strict):\n    mode = \"TRADITIONAL\" if strict else \"ANSI\"\n    cursor.execute(f\"SET SESSION sql_mode = '{mode}';\")\n\n\ndef count(queryset, cursor):\n    sql, params = queryset.query.sql_with_params()\n    cursor.execute(f\"SELECT COUNT(*) FROM ({sql}) t\", params)\n\n\nclass Archive:\n    def rows(self, cursor):\n        cursor.execute(f\"SELECT * FROM {self.table}\")\n\n\ndef by_name(cursor, name):\n    cursor.execute(\"SELECT * FROM shop_order WHERE name = '%s'\" % name)\n",
    );
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(
        run.findings(),
        vec![
            finding("django.sql-interpolation", "shop/db.py", 23, "warn"),
            finding("django.sql-interpolation", "shop/db.py", 27, "block"),
        ],
        "{}",
        run.stdout()
    );
    assert_eq!(run.code(), 1);
}

#[test]
fn settings_that_import_from_an_app_with_import_cycles_finish_quickly() {
    let dir = Repo::empty_dir();
    // Ten app modules that all import names from one another: walking the
    // whole graph from settings took factorial time.
    for i in 0..10 {
        let imports: String = (0..10)
            .filter(|j| *j != i)
            .map(|j| format!("from shop.m{j} import NAME_{j}\n"))
            .collect();
        dir.write(&format!("shop/m{i}.py"), format!("{imports}NAME_{i} = {i}\n"));
    }
    dir.write(
        "shop/settings.py",
        "from shop.m0 import NAME_0\nfrom shop.m1 import NAME_1\nDEBUG = True\n",
    );
    let started = std::time::Instant::now();
    let run = dir.keyward(&["scan", ".", "--format", "json", "--rules", "django.debug"]);
    assert_eq!(
        run.findings(),
        vec![finding("django.debug", "shop/settings.py", 3, "block")]
    );
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

#[test]
fn a_module_only_development_settings_import_is_development() {
    let dir = Repo::empty_dir();
    dir.write("shop/settings/dev.py", "from shop.keys import *\nDEBUG = True\n");
    dir.write(
        "shop/keys.py",
        "SECRET_KEY = \"keys-module-ujz^de8gx@d6ncf10epf91d!ho%%@d!@zdoc9is0j8h\"\n",
    );
    let run = dir.keyward(&["scan", ".", "--format", "json", "--rules", "django.secret-key"]);
    assert_eq!(
        run.findings(),
        vec![finding("django.secret-key", "shop/keys.py", 1, "warn")]
    );

    // Production imports it too: its key is production's.
    dir.write(
        "shop/settings/production.py",
        "from shop.keys import *\nDEBUG = False\nALLOWED_HOSTS = ['shop.example.com']\n",
    );
    let run = dir.keyward(&["scan", ".", "--format", "json", "--rules", "django.secret-key"]);
    assert_eq!(
        run.findings(),
        vec![finding("django.secret-key", "shop/keys.py", 1, "block")]
    );
}

#[test]
fn example_projects_and_templates_to_copy_are_not_production() {
    let repo = Repo::new();
    let key = crate::common::DJANGO_KEY;
    // A demo project's own wsgi.py names its settings: still a demo.
    repo.stage(
        "examples/shop/shop/settings.py",
        format!("DEBUG = True\nSECRET_KEY = '{key}'\nALLOWED_HOSTS = ['*']\n"),
    );
    repo.stage(
        "examples/shop/shop/wsgi.py",
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n",
    );
    // A configuration template with its key left empty fails closed.
    repo.stage(
        "app/app/configuration_example.py",
        "ALLOWED_HOSTS = []\nDATABASES = {}\nSECRET_KEY = ''\n",
    );
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert_eq!(
        run.findings(),
        vec![finding(
            "django.secret-key",
            "examples/shop/shop/settings.py",
            2,
            "warn"
        )]
    );
}

/// Invalid UTF-8 before the default in `wsgi.py` (each byte would be three
/// once replaced): the default is still found, on its own line, and the
/// scan does not panic on a place past the end of the file.
#[test]
fn a_wsgi_default_after_invalid_utf8_is_placed_in_the_file_bytes() {
    let repo = Repo::new();
    let mut wsgi = b"import os\n# ".to_vec();
    wsgi.extend_from_slice(&[0xFF; 64]);
    wsgi.push(b'\n');
    wsgi.extend_from_slice(b"os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings.dev')\n");
    repo.stage("mysite/wsgi.py", wsgi);
    let run = repo.keyward(&["scan", "--format", "json", "."]);
    assert_eq!(
        run.findings(),
        vec![finding("django.settings-default", "mysite/wsgi.py", 3, "warn")],
        "{}",
        run.stderr()
    );
    assert_eq!(run.code(), 0);
}
