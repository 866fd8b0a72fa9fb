//! The running daemon's models: trained at start and on reload, retrained
//! whenever the stored verdicts change (a `feedwatch feedback`, a button in
//! the web UI, a signed link), and swapped whole so a poll sees one
//! consistent set.

use std::sync::{Arc, Mutex, RwLock};

use tracing::{info, warn};

use crate::config::Config;
use crate::learning::{self, FeedbackLinks, KEY_SETTING, Learner};
use crate::store::{Store, StoreError};

/// Cheap to clone; every clone sees the same models.
#[derive(Clone, Default)]
pub(crate) struct LiveLearner {
    current: Arc<RwLock<Arc<Learner>>>,
    /// The verdicts' version the models were trained on.
    version: Arc<Mutex<Option<(i64, i64)>>>,
}

impl LiveLearner {
    /// The models in force.
    pub(crate) fn get(&self) -> Arc<Learner> {
        Arc::clone(&self.current.read().unwrap_or_else(|p| p.into_inner()))
    }

    /// Trains the models for `config` now.
    pub(crate) async fn start(
        store: &Store,
        config: &Arc<Config>,
    ) -> Result<LiveLearner, StoreError> {
        let live = LiveLearner::default();
        live.retrain(store, config).await?;
        Ok(live)
    }

    /// Retrains if verdicts were given or undone since the last training;
    /// true when it did.
    pub(crate) async fn refresh(
        &self,
        store: &Store,
        config: &Arc<Config>,
    ) -> Result<bool, StoreError> {
        let version = store.verdict_version().await?;
        if *self.version.lock().unwrap_or_else(|p| p.into_inner()) == Some(version) {
            return Ok(false);
        }
        self.retrain(store, config).await?;
        Ok(true)
    }

    async fn retrain(&self, store: &Store, config: &Arc<Config>) -> Result<(), StoreError> {
        // Read the version first: a verdict given during training bumps it,
        // and the next refresh trains again.
        let version = store.verdict_version().await?;
        let links = match &config.http.public_url {
            Some(public_url) => {
                let fresh = crate::http::random_token::<32>();
                let key = store.setting_or_insert(KEY_SETTING, fresh).await?;
                let links = FeedbackLinks::from_stored(public_url.clone(), &key);
                if links.is_none() {
                    warn!(
                        setting = KEY_SETTING,
                        "The stored feedback link key is not usable; alerts carry no feedback links"
                    );
                }
                links
            }
            None => None,
        };
        let for_training = Arc::clone(config);
        let started = std::time::Instant::now();
        let (models, problems) = store
            .blocking(move |db| learning::load(db, &for_training))
            .await?;
        for problem in &problems {
            warn!("{problem}");
        }
        let learning: Vec<String> = config
            .topics
            .iter()
            .filter_map(|t| {
                let model = models.model(&t.name)?;
                let (relevant, irrelevant) = model.verdicts();
                (relevant + irrelevant > 0)
                    .then(|| format!("{} ({relevant}+/{irrelevant}-, {})", t.name, t.learn.key()))
            })
            .collect();
        if !learning.is_empty() {
            info!(topics = %learning.join(", "), took = ?started.elapsed(), "Topic models trained");
        }
        *self.current.write().unwrap_or_else(|p| p.into_inner()) =
            Arc::new(Learner { models, links });
        *self.version.lock().unwrap_or_else(|p| p.into_inner()) = Some(version);
        Ok(())
    }
}
