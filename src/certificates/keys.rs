//! (being written: signature stub so the rest compiles)
#![allow(missing_docs, clippy::unused_async)]
use std::path::Path;
#[derive(Clone, Debug)]
pub struct KeyRing;
impl KeyRing {
    pub fn load_or_create(_dir: &Path) -> anyhow::Result<KeyRing> { unimplemented!() }
    pub fn current_kid(&self) -> &str { unimplemented!() }
    pub fn sign(&self, _message: &[u8]) -> [u8; 64] { unimplemented!() }
    pub fn public_keys(&self) -> Vec<PublicKey> { unimplemented!() }
}
pub fn rotate(_dir: &Path) -> anyhow::Result<String> { unimplemented!() }
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PublicKey { pub kid: String, pub x: String }
pub async fn publish<C: sea_orm::ConnectionTrait>(_db: &C, _ring: &KeyRing) -> Result<(), sea_orm::DbErr> { unimplemented!() }
pub async fn published<C: sea_orm::ConnectionTrait>(_db: &C) -> Result<Vec<PublicKey>, sea_orm::DbErr> { unimplemented!() }
pub fn jwks(_keys: &[PublicKey]) -> serde_json::Value { unimplemented!() }
