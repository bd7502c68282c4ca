//! Pinned tools, installed on demand into a cache folder outside the clone and checked
//! before installing again, so a cold machine sets itself up and a warm one skips it all.
//!
//! Everything comes from the registries this project can reach: rustup's wasm target,
//! crates.io (wasm-bindgen-cli, trunk, geckodriver), npm (binaryen's wasm-opt,
//! playwright-core), PyPI (aiven-client, schemathesis) and Debian (Chromium, its driver,
//! Firefox ESR). No tool is allowed to download binaries of its own.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cmd::{output, root, run, Result};

/// Trunk: 0.22 needs a newer rustc than the machine's.
pub const TRUNK_VERSION: &str = "0.21.14";
pub const GECKODRIVER_VERSION: &str = "0.37.1";
/// npm's binaryen; Debian's (108) produces wasm that fails in the browser.
pub const BINARYEN_VERSION: &str = "132.0.0";
/// Minifies the wasm-bindgen JS of the release panel (Trunk's minifier leaves it as is).
pub const TERSER_VERSION: &str = "5.51.4";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Where the tools are and the PATH that puts them first.
pub struct Tools {
    pub cache: PathBuf,
    pub bin: PathBuf,
    pub venv: PathBuf,
    pub path: OsString,
}

impl Tools {
    pub fn locate() -> Result<Tools> {
        let cache = cache_dir()?;
        let bin = cache.join("tools/bin");
        let npm_bin = cache.join("npm/node_modules/.bin");
        let venv = cache.join("venv");
        fs::create_dir_all(&bin).map_err(|e| format!("cannot create {}: {e}", bin.display()))?;
        let mut dirs = vec![bin.clone(), npm_bin];
        dirs.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        let path = std::env::join_paths(dirs).map_err(|e| e.to_string())?;
        Ok(Tools {
            cache,
            bin,
            venv,
            path,
        })
    }

    /// A command with the tools on PATH and Trunk kept off the network.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut c = Command::new(program);
        c.env("PATH", &self.path)
            .env("TRUNK_SKIP_VERSION_CHECK", "true")
            // npm's update check reaches for the registry on every call.
            .env("NPM_CONFIG_UPDATE_NOTIFIER", "false")
            // The wasm flags live in .cargo/config.toml (erase_components); a RUSTFLAGS
            // from the environment would replace them without a word.
            .env_remove("RUSTFLAGS")
            .current_dir(root());
        c
    }

    /// What building the release panel needs.
    pub fn setup_panel_build() -> Result<Tools> {
        let t = Tools::locate()?;
        t.ensure_node()?;
        t.ensure_wasm_target()?;
        t.ensure_wasm_bindgen()?;
        t.ensure_wasm_opt()?;
        t.ensure_trunk()?;
        Ok(t)
    }

    /// Everything any test layer needs.
    pub fn setup_all() -> Result<Tools> {
        let t = Tools::setup_panel_build()?;
        t.ensure_browsers()?;
        t.ensure_geckodriver()?;
        t.ensure_python_venv()?;
        t.ensure_e2e_packages()?;
        Ok(t)
    }

    fn version_of(&self, program: &str, arg: &str) -> Option<String> {
        output(self.command(program).arg(arg))
    }

    fn cargo_install(&self, krate: &str, version: &str, locked: bool) -> Result {
        let mut c = self.command("cargo");
        c.args(["install", krate, "--version", version, "--root"])
            .arg(self.bin.parent().expect("bin has a parent"))
            // Tools run the same unoptimised-for-size; this halves a cold install.
            .env("CARGO_PROFILE_RELEASE_LTO", "false")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1")
            // Never build tools into the project's target directory.
            .env_remove("CARGO_TARGET_DIR");
        if locked {
            c.arg("--locked");
        }
        run(&mut c)
    }

    pub fn ensure_wasm_target(&self) -> Result {
        let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))
            .unwrap_or_default();
        if installed.lines().any(|l| l.trim() == WASM_TARGET) {
            return Ok(());
        }
        run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
    }

    /// wasm-bindgen-cli must match the `wasm-bindgen` crate in Cargo.lock exactly.
    pub fn ensure_wasm_bindgen(&self) -> Result {
        let want = wasm_bindgen_lock_version()?;
        let have = self
            .version_of("wasm-bindgen", "--version")
            .unwrap_or_default();
        if have.split_whitespace().nth(1) == Some(want.as_str())
            && self.bin.join("wasm-bindgen-test-runner").exists()
        {
            return Ok(());
        }
        // Without --locked: its lock file names a crate version the registry lacks.
        self.cargo_install("wasm-bindgen-cli", &want, false)
    }

    pub fn ensure_trunk(&self) -> Result {
        let have = self.version_of("trunk", "--version").unwrap_or_default();
        if have.contains(TRUNK_VERSION) {
            return Ok(());
        }
        self.cargo_install("trunk", TRUNK_VERSION, true)
    }

    pub fn ensure_geckodriver(&self) -> Result {
        let have = self
            .version_of("geckodriver", "--version")
            .unwrap_or_default();
        if have.contains(GECKODRIVER_VERSION) {
            return Ok(());
        }
        self.cargo_install("geckodriver", GECKODRIVER_VERSION, true)
    }

    pub fn geckodriver(&self) -> PathBuf {
        self.bin.join("geckodriver")
    }

    pub fn ensure_node(&self) -> Result {
        // npm's answer to `--version` was once missing on a busy machine (seen here, then
        // fine on the next try): ask again before reaching for apt, whose Node conflicts
        // with the machine's own.
        let answers =
            |program: &str| (0..3).any(|_| self.version_of(program, "--version").is_some());
        if answers("node") && answers("npm") {
            return Ok(());
        }
        // Installed but failing (npm cannot even start on a full disk): apt would only fail
        // beside it ("held broken packages"), pointing away from the cause. Say what it said.
        for program in ["node", "npm"] {
            if let Some(why) = self.failing(program) {
                return Err(format!(
                    "`{program} --version` fails though {program} is installed: {why}"
                ));
            }
        }
        apt_install(&["nodejs", "npm"])
    }

    /// The last line `program --version` wrote to stderr, and its exit status, when it is
    /// found and fails; None when it answers or cannot be started (not installed).
    fn failing(&self, program: &str) -> Option<String> {
        let out = self.command(program).arg("--version").output().ok()?;
        if out.status.success() {
            return None;
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        let last = stderr.lines().map(str::trim).rfind(|l| !l.is_empty());
        Some(format!(
            "{} ({})",
            last.unwrap_or("nothing on stderr"),
            out.status
        ))
    }

    pub fn ensure_wasm_opt(&self) -> Result {
        let major = BINARYEN_VERSION.split('.').next().unwrap_or_default();
        let have = self.version_of("wasm-opt", "--version").unwrap_or_default();
        let terser = self.version_of("terser", "--version").unwrap_or_default();
        if have.contains(&format!("version {major}"))
            && have.contains("version_")
            && terser.contains(TERSER_VERSION)
        {
            return Ok(());
        }
        // Both in one install: a second `npm install --no-save` into the same prefix
        // would prune the first package.
        let prefix = self.cache.join("npm");
        run(self
            .command("npm")
            .args([
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
            ])
            .arg(&prefix)
            .arg(format!("binaryen@{BINARYEN_VERSION}"))
            .arg(format!("terser@{TERSER_VERSION}")))
    }

    /// Debian's Chromium, its driver and Firefox ESR, for the browser test layers.
    pub fn ensure_browsers(&self) -> Result {
        let wanted = [
            ("/usr/bin/chromium", "chromium"),
            ("/usr/bin/chromedriver", "chromium-driver"),
            ("/usr/bin/firefox-esr", "firefox-esr"),
        ];
        let missing: Vec<&str> = wanted
            .iter()
            .filter(|(p, _)| !Path::new(p).exists())
            .map(|(_, pkg)| *pkg)
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        apt_install(&missing)
    }

    pub fn python(&self) -> PathBuf {
        self.venv.join("bin/python")
    }

    /// A virtualenv with the Python test requirements (the real avn CLI, schemathesis,
    /// pytest), reinstalled only when the requirements file changes.
    pub fn ensure_python_venv(&self) -> Result {
        let req = root().join("crates/privatelink-server/tests/python/requirements.txt");
        let wanted =
            fs::read_to_string(&req).map_err(|e| format!("cannot read {}: {e}", req.display()))?;
        let stamp = self.venv.join(".xtask-requirements");
        if fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str())
            && self.python().exists()
        {
            return Ok(());
        }
        if !self.python().exists() {
            let py = ["python3", "python"]
                .into_iter()
                .find(|p| output(Command::new(p).arg("--version")).is_some())
                .ok_or("Python 3 is needed for the avn and schemathesis tests; install python3 and python3-venv")?;
            if run(Command::new(py).arg("-m").arg("venv").arg(&self.venv)).is_err() {
                apt_install(&["python3-venv"])?;
                run(Command::new(py).arg("-m").arg("venv").arg(&self.venv))?;
            }
        }
        run(Command::new(self.python())
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(&req))?;
        fs::write(&stamp, wanted).map_err(|e| e.to_string())
    }

    /// e2e/'s npm packages (playwright-core, axe-core), from its lock file.
    pub fn ensure_e2e_packages(&self) -> Result {
        self.ensure_npm_packages(&root().join("e2e"))
    }

    /// `npm ci` in `dir` unless its node_modules were installed from the same lock file.
    pub fn ensure_npm_packages(&self, e2e: &Path) -> Result {
        let lock = fs::read_to_string(e2e.join("package-lock.json"))
            .map_err(|e| format!("cannot read {}/package-lock.json: {e}", e2e.display()))?;
        let stamp = e2e.join("node_modules/.xtask-lock");
        if fs::read_to_string(&stamp).ok().as_deref() == Some(lock.as_str()) {
            return Ok(());
        }
        run(self
            .command("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(e2e)
            // playwright-core never downloads browsers; make sure nothing tries.
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))?;
        fs::write(&stamp, lock).map_err(|e| e.to_string())
    }
}

/// `$PRIVATELINK_CACHE_DIR`, else `$XDG_CACHE_HOME/privatelink-panel`, else
/// `~/.cache/privatelink-panel`.
fn cache_dir() -> Result<PathBuf> {
    if let Some(d) = std::env::var_os("PRIVATELINK_CACHE_DIR") {
        return Ok(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME") {
        return Ok(PathBuf::from(d).join("privatelink-panel"));
    }
    let home = std::env::var_os("HOME").ok_or("HOME is not set; set PRIVATELINK_CACHE_DIR")?;
    Ok(PathBuf::from(home).join(".cache/privatelink-panel"))
}

/// The `wasm-bindgen` version pinned in Cargo.lock.
pub fn wasm_bindgen_lock_version() -> Result<String> {
    let lock = fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|v| v.trim().strip_prefix("version = \""))
            {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".to_owned())
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_some_and(|s| s.trim() == "0")
}

/// Installs Debian packages, as root directly or through sudo; a clear message otherwise.
pub fn apt_install(packages: &[&str]) -> Result {
    let sudo: &[&str] = if is_root() {
        &[]
    } else if output(Command::new("sudo").args(["-n", "true"])).is_some() {
        &["sudo", "-n"]
    } else {
        return Err(format!(
            "missing system packages; install them with: sudo apt-get install -y {}",
            packages.join(" ")
        ));
    };
    let apt = |args: &[&str]| {
        let all: Vec<&str> = sudo
            .iter()
            .chain(["apt-get"].iter())
            .chain(args)
            .copied()
            .collect();
        let mut c = Command::new(all[0]);
        c.args(&all[1..]).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut c)
    };
    apt(&["update", "-qq"])?;
    let mut args = vec!["install", "-y", "-qq"];
    args.extend_from_slice(packages);
    apt(&args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// Tools whose PATH starts with `dir`, where a test puts stand-in programs.
    fn tools_with(dir: &Path) -> Tools {
        let mut dirs = vec![dir.to_path_buf()];
        dirs.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        Tools {
            cache: dir.to_path_buf(),
            bin: dir.to_path_buf(),
            venv: dir.to_path_buf(),
            path: std::env::join_paths(dirs).unwrap(),
        }
    }

    fn script(dir: &Path, name: &str, body: &str) {
        let f = dir.join(name);
        fs::write(&f, format!("#!/bin/sh\n{body}\n")).unwrap();
        fs::set_permissions(&f, fs::Permissions::from_mode(0o755)).unwrap();
    }

    #[test]
    fn an_installed_npm_that_fails_is_reported_with_its_words_not_sent_to_apt() {
        let dir = std::env::temp_dir().join(format!("xtask-node-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        script(&dir, "node", "echo v20.0.0");
        script(
            &dir,
            "npm",
            "echo 'npm error code ENOSPC' >&2\necho 'npm error nospc no space left on device' >&2\nexit 1",
        );
        let e = tools_with(&dir).ensure_node().unwrap_err();
        fs::remove_dir_all(&dir).unwrap();
        assert!(
            e.contains("`npm --version` fails though npm is installed")
                && e.contains("no space left on device"),
            "{e}"
        );
    }
}
