//! The settings page: a household's status, revoking a card (through the
//! same function as `kakou pass revoke`), and the voice prompts' on/off and
//! volume, kept in the store. The camera choice is the camera
//! controller's; the language is the dispatcher's.

use kakou_core::domain::HouseholdStatus;
use kakou_core::pass::RevocationReason;
use kakou_voice::VoiceSettings;

use crate::app::revocation::{self, RevokeOutcome};
use crate::app::{AppError, households, voice};
use crate::kiosk::controller::context::Context;
use crate::kiosk::view::VoiceView;

#[derive(Default)]
pub(super) struct SettingsPage;

impl SettingsPage {
    pub(super) fn refresh(&mut self, cx: &mut Context) {
        let settings = cx.voice.settings();
        cx.view.lead.voice = VoiceView {
            enabled: settings.enabled,
            volume: settings.volume,
        };
        cx.view.app.voice_note = cx.voice.note(cx.lang);
    }

    pub(super) fn set_household_status(
        &mut self,
        cx: &mut Context,
        address: &str,
        status: HouseholdStatus,
    ) -> Result<(), AppError> {
        let words = cx.words();
        if address.trim().is_empty() {
            cx.view.lead.household_result = words.type_address_first().into();
            return Ok(());
        }
        let now = cx.now();
        let changed = households::set_status(cx.session.terminal_mut(), address, status, now)?;
        cx.view.lead.household_result = match changed {
            Some(h) => words.status_changed(&h.address, h.status),
            None => words.no_household_at(address.trim()),
        };
        Ok(())
    }

    /// Revokes a card through the same function as `kakou pass revoke`.
    pub(super) fn revoke(
        &mut self,
        cx: &mut Context,
        serial: &str,
        reason: RevocationReason,
    ) -> Result<(), AppError> {
        let words = cx.words();
        let Ok(serial) = serial.trim().parse::<u64>() else {
            cx.view.lead.revoke_result = words.serial_is_digits().into();
            return Ok(());
        };
        let now = cx.now();
        let outcome = revocation::revoke(cx.session.terminal_mut(), serial, reason, now)?;
        cx.view.lead.revoke_result = match outcome {
            RevokeOutcome::Revoked => words.revoked(serial, reason),
            RevokeOutcome::AlreadyRevoked => words.already_revoked(serial),
            RevokeOutcome::UnknownSerial => words.unknown_serial(serial),
            RevokeOutcome::NoCommunityKey => words.no_community_key().into(),
        };
        Ok(())
    }

    /// Turns the prompts on or off, or sets the volume; saved at once, so
    /// the next start keeps the lead's choice.
    pub(super) fn set_voice(
        &mut self,
        cx: &mut Context,
        change: impl FnOnce(&mut VoiceSettings),
    ) -> Result<(), AppError> {
        let mut settings = cx.voice.settings();
        change(&mut settings);
        settings.volume = settings.volume.min(100);
        voice::save(cx.session.terminal_mut(), settings)?;
        cx.voice.set_settings(settings);
        self.refresh(cx);
        Ok(())
    }
}
