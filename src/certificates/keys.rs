//! The Ed25519 keys that sign certificates' credentials.
//!
//! The private keys live in files outside the repository and the database, in the
//! folder of `certificates.keys_dir`:
//!
//! - `<kid>.pem`: one PKCS#8 PEM per key (mode 0600), never deleted, so that
//!   credentials signed before a rotation still verify;
//! - `current`: the kid of the key that signs now, replaced atomically (a temporary
//!   file renamed over it) by [`rotate`].
//!
//! A kid is the RFC 7638 JWK thumbprint of the public key (base64url SHA-256 of
//! `{"crv":"Ed25519","kty":"OKP","x":"…"}`), so a kid names exactly one key and
//! anybody can recompute it from the published JWK. The public keys are recorded in
//! `certificate_keys` ([`publish`]), from where every instance sharing the database
//! serves them (`/.well-known/jwks.json`, [`jwks`]) and verifies with them
//! ([`published`]).

use std::fs;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, bail};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Duration, Utc};
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryOrder, Set};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::db::certificates::key;

/// Name of the file holding the current kid.
const CURRENT: &str = "current";

/// The signing keys of this instance: the current one (which signs) and the public
/// halves of every key in the folder (which verify). Cheap to clone; its `Debug`
/// shows kids only, never a secret.
#[derive(Clone)]
pub struct KeyRing {
    inner: Arc<Ring>,
}

struct Ring {
    kid: String,
    signing: SigningKey,
    /// Every key of the folder, current first.
    public: Vec<PublicKey>,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRing")
            .field("current", &self.inner.kid)
            .field(
                "keys",
                &self
                    .inner
                    .public
                    .iter()
                    .map(|k| k.kid.as_str())
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// A public key as published: its kid and its point (the JWK's `x`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PublicKey {
    /// Key id: the RFC 7638 thumbprint of the key.
    pub kid: String,
    /// The Ed25519 public key, base64url without padding.
    pub x: String,
}

impl PublicKey {
    /// The public key of `key`, with its thumbprint as kid.
    fn of(key: &VerifyingKey) -> PublicKey {
        let x = URL_SAFE_NO_PAD.encode(key.as_bytes());
        PublicKey {
            kid: thumbprint(&x),
            x,
        }
    }

    /// The key to verify with; None when `x` is not a valid Ed25519 public key.
    pub fn verifying_key(&self) -> Option<VerifyingKey> {
        let bytes: [u8; 32] = URL_SAFE_NO_PAD.decode(&self.x).ok()?.try_into().ok()?;
        VerifyingKey::from_bytes(&bytes).ok()
    }
}

/// The RFC 7638 JWK thumbprint of the Ed25519 key whose `x` is given (RFC 8037 §2:
/// the members `crv`, `kty`, `x`, in that order, without whitespace).
fn thumbprint(x: &str) -> String {
    let canonical = format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{x}"}}"#);
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

impl KeyRing {
    /// Reads the keys folder, creating it (mode 0700) and a first key when it holds
    /// none. Fails, naming the path, on a folder that cannot be read, a key file that
    /// is not an Ed25519 PKCS#8 PEM (or whose name is not its key's kid), a `current`
    /// naming a key that is not there, or several keys and no `current`.
    pub fn load_or_create(dir: &Path) -> anyhow::Result<KeyRing> {
        create_dir(dir)?;
        let keys = read_keys(dir)?;
        let current_path = dir.join(CURRENT);
        if keys.is_empty() {
            if current_path.exists() {
                bail!(
                    "{} names a key, but {} holds no key file (<kid>.pem)",
                    current_path.display(),
                    dir.display()
                );
            }
            let kid = rotate(dir)?;
            tracing::info!(%kid, dir = %dir.display(), "certificate signing key created");
            return load(dir);
        }
        if !current_path.exists() && keys.len() == 1 {
            // A first start stopped between writing the key and naming it.
            write_current(dir, &keys[0].0.kid)?;
        }
        load(dir)
    }

    /// The kid of the key that signs.
    pub fn current_kid(&self) -> &str {
        &self.inner.kid
    }

    /// The Ed25519 signature of `message` with the current key.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.inner.signing.sign(message).to_bytes()
    }

    /// Every key of the folder, current first, then the others newest first.
    pub fn public_keys(&self) -> Vec<PublicKey> {
        self.inner.public.clone()
    }
}

/// Reads the folder as it is: its keys and its `current`.
fn load(dir: &Path) -> anyhow::Result<KeyRing> {
    let mut keys = read_keys(dir)?;
    let current_path = dir.join(CURRENT);
    let kid = fs::read_to_string(&current_path)
        .with_context(|| {
            format!(
                "cannot read {} (it names the current key; with several keys in the folder \
                 write the kid of the one that signs)",
                current_path.display()
            )
        })?
        .trim()
        .to_string();
    let Some(at) = keys.iter().position(|(k, _, _)| k.kid == kid) else {
        bail!(
            "{} names the key {kid:?}, but {} is not there",
            current_path.display(),
            dir.join(format!("{kid}.pem")).display()
        );
    };
    let (_, signing, _) = keys.remove(at);
    // The others newest first (then by kid, for a stable order).
    keys.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.kid.cmp(&b.0.kid)));
    let mut public = vec![PublicKey::of(&signing.verifying_key())];
    public.extend(keys.into_iter().map(|(k, _, _)| k));
    Ok(KeyRing {
        inner: Arc::new(Ring {
            kid,
            signing,
            public,
        }),
    })
}

/// Every `<kid>.pem` of the folder: its public key, its signing key, its time.
fn read_keys(dir: &Path) -> anyhow::Result<Vec<(PublicKey, SigningKey, std::time::SystemTime)>> {
    let entries = fs::read_dir(dir)
        .with_context(|| format!("cannot read the keys folder {}", dir.display()))?;
    let mut keys = Vec::new();
    for entry in entries {
        let entry =
            entry.with_context(|| format!("cannot read the keys folder {}", dir.display()))?;
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "pem") {
            continue;
        }
        let (public, signing) = read_key(&path)?;
        let time = entry
            .metadata()
            .and_then(|m| m.modified())
            .unwrap_or(std::time::UNIX_EPOCH);
        keys.push((public, signing, time));
    }
    Ok(keys)
}

/// One key file, checked against its name.
fn read_key(path: &Path) -> anyhow::Result<(PublicKey, SigningKey)> {
    let pem = fs::read_to_string(path)
        .with_context(|| format!("cannot read the key file {}", path.display()))?;
    let signing = SigningKey::from_pkcs8_pem(&pem).map_err(|e| {
        anyhow::anyhow!(
            "the key file {} is not an Ed25519 private key in PKCS#8 PEM: {e}",
            path.display()
        )
    })?;
    let public = PublicKey::of(&signing.verifying_key());
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if stem != public.kid {
        bail!(
            "the key file {} holds the key {}: a key file is named after its kid \
             (rename it {}.pem)",
            path.display(),
            public.kid,
            public.kid
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = fs::metadata(path)
            && meta.permissions().mode() & 0o077 != 0
        {
            tracing::warn!(
                path = %path.display(),
                "the certificate signing key is readable by others than its owner (chmod 600)"
            );
        }
    }
    Ok((public, signing))
}

/// Creates the keys folder (mode 0700) if it is missing; an existing one is left as
/// it is.
fn create_dir(dir: &Path) -> anyhow::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .with_context(|| format!("cannot create the keys folder {}", dir.display()))
}

/// Generates a new key that becomes the current one; older keys stay (they still
/// verify, and stay published). Returns the new kid.
pub fn rotate(dir: &Path) -> anyhow::Result<String> {
    create_dir(dir)?;
    let mut seed = [0u8; 32];
    OsRng.fill_bytes(&mut seed);
    let signing = SigningKey::from_bytes(&seed);
    seed.fill(0);
    let kid = PublicKey::of(&signing.verifying_key()).kid;
    let pem = signing
        .to_pkcs8_pem(LineEnding::LF)
        .context("cannot encode the new signing key")?;
    let path = dir.join(format!("{kid}.pem"));
    write_private(&path, pem.as_bytes())?;
    write_current(dir, &kid)?;
    Ok(kid)
}

/// Names `kid` as the current key: a temporary file renamed over `current`, so a
/// reader sees the old name or the new one, never half of one.
fn write_current(dir: &Path, kid: &str) -> anyhow::Result<()> {
    let temp = dir.join(format!(".{CURRENT}.{}.tmp", uuid::Uuid::new_v4().simple()));
    write_private(&temp, format!("{kid}\n").as_bytes())?;
    let target = dir.join(CURRENT);
    if let Err(e) = fs::rename(&temp, &target) {
        let _ = fs::remove_file(&temp);
        return Err(e).with_context(|| format!("cannot write {}", target.display()));
    }
    // The rename is durable once the folder is.
    if let Ok(folder) = fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// Writes a new file readable by its owner only, and flushes it to disk.
fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Records the ring's public keys in `certificate_keys` (insert, ignoring kids
/// already there), so every instance sharing the database publishes and verifies
/// them. Keys published together are dated a millisecond apart in the ring's order
/// (current newest), so that [`published`] lists them in that order.
pub async fn publish<C: ConnectionTrait>(db: &C, ring: &KeyRing) -> Result<(), DbErr> {
    let now = Utc::now();
    for (i, public) in ring.inner.public.iter().enumerate() {
        let offset = Duration::milliseconds(i64::try_from(i).unwrap_or(i64::MAX / 2));
        key::Entity::insert(key::ActiveModel {
            kid: Set(public.kid.clone()),
            public_key: Set(public.x.clone()),
            created_at: Set(now - offset),
        })
        .on_conflict_do_nothing_on([key::Column::Kid])
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// Every published key, newest first. A row whose kid is not the thumbprint of its
/// key (written by hand?) is left out, with a warning.
pub async fn published<C: ConnectionTrait>(db: &C) -> Result<Vec<PublicKey>, DbErr> {
    let rows = key::Entity::find()
        .order_by_desc(key::Column::CreatedAt)
        .order_by_asc(key::Column::Kid)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            if thumbprint(&row.public_key) != row.kid {
                tracing::warn!(kid = %row.kid, "certificate_keys: kid is not the key's thumbprint; ignored");
                return None;
            }
            Some(PublicKey {
                kid: row.kid,
                x: row.public_key,
            })
        })
        .collect())
}

/// The JWK Set document served at `/.well-known/jwks.json` (RFC 7517, with the OKP
/// keys of RFC 8037).
pub fn jwks(keys: &[PublicKey]) -> serde_json::Value {
    let keys: Vec<serde_json::Value> = keys
        .iter()
        .map(|k| {
            serde_json::json!({
                "kty": "OKP",
                "crv": "Ed25519",
                "x": k.x,
                "kid": k.kid,
                "alg": "EdDSA",
                "use": "sig",
            })
        })
        .collect();
    serde_json::json!({ "keys": keys })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8037 appendix A.1: the private key `d` of the examples.
    const RFC_D: &str = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";

    fn rfc_key() -> SigningKey {
        let d: [u8; 32] = URL_SAFE_NO_PAD
            .decode(RFC_D)
            .expect("base64")
            .try_into()
            .expect("32 bytes");
        SigningKey::from_bytes(&d)
    }

    /// Writes `key` into `dir` as `<kid>.pem`, as `rotate` would.
    fn install(dir: &Path, key: &SigningKey, current: bool) -> String {
        let kid = PublicKey::of(&key.verifying_key()).kid;
        let pem = key.to_pkcs8_pem(LineEnding::LF).expect("pem");
        fs::write(dir.join(format!("{kid}.pem")), pem.as_bytes()).expect("write");
        if current {
            fs::write(dir.join(CURRENT), &kid).expect("write");
        }
        kid
    }

    #[test]
    fn kid_is_the_rfc_7638_thumbprint() {
        // RFC 8037 A.2 and A.3: the public key of `d` and its thumbprint.
        let public = PublicKey::of(&rfc_key().verifying_key());
        assert_eq!(public.x, "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
        assert_eq!(public.kid, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
        assert_eq!(
            public.verifying_key().map(|k| k.to_bytes()),
            Some(rfc_key().verifying_key().to_bytes())
        );
    }

    #[test]
    fn a_bad_x_has_no_verifying_key() {
        for x in [
            "",
            "not base64!",
            "AAAA",
            &URL_SAFE_NO_PAD.encode([7u8; 33]),
        ] {
            let key = PublicKey {
                kid: "k".into(),
                x: x.to_string(),
            };
            assert!(key.verifying_key().is_none(), "{x:?}");
        }
    }

    #[test]
    fn an_empty_folder_gets_a_key_that_stays() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("keys");
        let first = KeyRing::load_or_create(&dir).expect("create");
        let second = KeyRing::load_or_create(&dir).expect("load");
        assert_eq!(first.current_kid(), second.current_kid());
        assert_eq!(first.public_keys(), second.public_keys());
        assert_eq!(first.public_keys().len(), 1);
        assert_eq!(first.public_keys()[0].kid, first.current_kid());
        // The kid is the key's thumbprint, and the key file is named after it.
        let public = &first.public_keys()[0];
        assert_eq!(thumbprint(&public.x), public.kid);
        assert!(dir.join(format!("{}.pem", public.kid)).is_file());
        assert_eq!(
            fs::read_to_string(dir.join(CURRENT))
                .expect("current")
                .trim(),
            first.current_kid()
        );
        // Signatures verify with the published half.
        let signature = ed25519_dalek::Signature::from_bytes(&second.sign(b"hello"));
        let verifying = public.verifying_key().expect("key");
        assert!(verifying.verify_strict(b"hello", &signature).is_ok());
        assert!(verifying.verify_strict(b"hellO", &signature).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn the_folder_and_the_keys_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("keys");
        let ring = KeyRing::load_or_create(&dir).expect("create");
        let mode = |p: &Path| fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(
            mode(&dir.join(format!("{}.pem", ring.current_kid()))),
            0o600
        );
        assert_eq!(mode(&dir.join(CURRENT)), 0o600);
        // No temporary file is left behind.
        let names: Vec<_> = fs::read_dir(&dir)
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn rotation_keeps_the_old_keys() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path();
        let first = KeyRing::load_or_create(dir).expect("create");
        let new_kid = rotate(dir).expect("rotate");
        assert_ne!(new_kid, first.current_kid());
        let ring = KeyRing::load_or_create(dir).expect("load");
        assert_eq!(ring.current_kid(), new_kid);
        let kids: Vec<_> = ring.public_keys().into_iter().map(|k| k.kid).collect();
        assert_eq!(kids, vec![new_kid.clone(), first.current_kid().to_string()]);
        // The new key signs.
        let signature = ed25519_dalek::Signature::from_bytes(&ring.sign(b"m"));
        let new = ring.public_keys()[0].verifying_key().expect("key");
        let old = ring.public_keys()[1].verifying_key().expect("key");
        assert!(new.verify_strict(b"m", &signature).is_ok());
        assert!(old.verify_strict(b"m", &signature).is_err());
    }

    #[test]
    fn a_corrupt_pem_is_named() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path();
        let ring = KeyRing::load_or_create(dir).expect("create");
        let path = dir.join(format!("{}.pem", ring.current_kid()));
        fs::write(
            &path,
            "-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n",
        )
        .expect("write");
        let err = format!("{:#}", KeyRing::load_or_create(dir).expect_err("corrupt"));
        assert!(err.contains(&path.display().to_string()), "{err}");
    }

    #[test]
    fn a_key_file_under_another_name_is_refused() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path();
        let kid = install(dir, &rfc_key(), true);
        fs::rename(dir.join(format!("{kid}.pem")), dir.join("other.pem")).expect("rename");
        let err = format!("{:#}", KeyRing::load_or_create(dir).expect_err("misnamed"));
        assert!(err.contains("other.pem") && err.contains(&kid), "{err}");
    }

    #[test]
    fn a_current_naming_a_missing_key_is_an_error() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path();
        install(dir, &rfc_key(), false);
        fs::write(dir.join(CURRENT), "nosuchkid\n").expect("write");
        let err = format!("{:#}", KeyRing::load_or_create(dir).expect_err("missing"));
        assert!(err.contains("nosuchkid") && err.contains(CURRENT), "{err}");

        // Only `current`, no key: no new key is made behind the operator's back.
        let empty = tempfile::tempdir().expect("tempdir");
        fs::write(empty.path().join(CURRENT), "gone\n").expect("write");
        let err = format!(
            "{:#}",
            KeyRing::load_or_create(empty.path()).expect_err("no key")
        );
        assert!(err.contains(CURRENT), "{err}");
    }

    #[test]
    fn a_lone_key_without_current_becomes_current() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path();
        let kid = install(dir, &rfc_key(), false);
        let ring = KeyRing::load_or_create(dir).expect("load");
        assert_eq!(ring.current_kid(), kid);

        // With two keys and no `current`, which one signs is not guessed.
        rotate(dir).expect("rotate");
        fs::remove_file(dir.join(CURRENT)).expect("remove");
        let err = format!("{:#}", KeyRing::load_or_create(dir).expect_err("ambiguous"));
        assert!(err.contains(CURRENT), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn an_unreadable_folder_is_named() {
        let tmp = tempfile::tempdir().expect("tempdir");
        // A file where the folder should be.
        let path = tmp.path().join("keys");
        fs::write(&path, "not a folder").expect("write");
        let err = format!("{:#}", KeyRing::load_or_create(&path).expect_err("file"));
        assert!(err.contains(&path.display().to_string()), "{err}");
    }

    #[test]
    fn debug_shows_no_secret() {
        let tmp = tempfile::tempdir().expect("tempdir");
        install(tmp.path(), &rfc_key(), true);
        let ring = KeyRing::load_or_create(tmp.path()).expect("load");
        let debug = format!("{ring:?}");
        assert!(debug.contains(ring.current_kid()), "{debug}");
        assert!(!debug.contains(RFC_D), "{debug}");
        let secret = format!("{:?}", rfc_key().to_bytes());
        assert!(!debug.contains(&secret[1..secret.len() - 1]), "{debug}");
    }

    #[test]
    fn jwks_shape() {
        let keys = vec![
            PublicKey {
                kid: "k1".into(),
                x: "x1".into(),
            },
            PublicKey {
                kid: "k2".into(),
                x: "x2".into(),
            },
        ];
        assert_eq!(
            jwks(&keys),
            serde_json::json!({"keys": [
                {"kty": "OKP", "crv": "Ed25519", "x": "x1", "kid": "k1", "alg": "EdDSA", "use": "sig"},
                {"kty": "OKP", "crv": "Ed25519", "x": "x2", "kid": "k2", "alg": "EdDSA", "use": "sig"},
            ]})
        );
        assert_eq!(jwks(&[]), serde_json::json!({"keys": []}));
    }
}
