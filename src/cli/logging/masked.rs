//! Masking personal numbers out of log lines: a writer for the formatted
//! sinks (file, stderr) that masks each line as a whole, and a layer for
//! sinks that take the fields themselves (journald), which hands them the
//! same event with every field's text masked.

use std::any::TypeId;
use std::io::Write;

use kakou_core::privacy::mask_text;
use tracing::field::{Field, FieldSet, Value, Visit, display};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::registry::LookupSpan;

/// A `MakeWriter` whose writers mask what was written before passing it on.
pub struct MaskedWriter<M> {
    inner: M,
}

impl<M> MaskedWriter<M> {
    pub fn new(inner: M) -> MaskedWriter<M> {
        MaskedWriter { inner }
    }
}

/// Collects one formatted event and writes it masked when dropped (the
/// formatter writes a whole event to one writer, then drops it).
pub struct MaskingWrite<W: Write> {
    buffer: Vec<u8>,
    inner: W,
}

impl<W: Write> Write for MaskingWrite<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let text = mask_text(&String::from_utf8_lossy(&self.buffer));
        self.buffer.clear();
        self.inner.write_all(text.as_bytes())?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for MaskingWrite<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for MaskedWriter<M> {
    type Writer = MaskingWrite<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        MaskingWrite {
            buffer: Vec::new(),
            inner: self.inner.make_writer(),
        }
    }

    fn make_writer_for(&'a self, meta: &Metadata<'_>) -> Self::Writer {
        MaskingWrite {
            buffer: Vec::new(),
            inner: self.inner.make_writer_for(meta),
        }
    }
}

/// A layer that passes events and spans on to `inner` with the text of
/// every field masked (each field becomes its masked text).
pub struct MaskedLayer<L> {
    inner: L,
}

impl<L> MaskedLayer<L> {
    pub fn new(inner: L) -> MaskedLayer<L> {
        MaskedLayer { inner }
    }
}

/// Each field's value as masked text, by the field's index.
struct Texts(Vec<Option<String>>);

impl Texts {
    fn of(fields: &FieldSet, record: impl FnOnce(&mut dyn Visit)) -> Texts {
        let mut texts = Texts(vec![None; fields.len()]);
        record(&mut texts);
        texts
    }

    fn set(&mut self, field: &Field, text: String) {
        if let Some(slot) = self.0.get_mut(field.index()) {
            *slot = Some(mask_text(&text));
        }
    }

    /// The values to build a masked copy from, in field order.
    fn values(&self) -> Vec<Option<tracing::field::DisplayValue<&String>>> {
        self.0.iter().map(|t| t.as_ref().map(display)).collect()
    }
}

impl Visit for Texts {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.set(field, value.to_string());
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.set(field, value.to_string());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.set(field, format!("{value:?}"));
    }
}

fn as_values<'a>(
    displays: &'a [Option<tracing::field::DisplayValue<&'a String>>],
) -> Vec<Option<&'a dyn Value>> {
    displays
        .iter()
        .map(|d| d.as_ref().map(|d| d as &dyn Value))
        .collect()
}

impl<S, L> Layer<S> for MaskedLayer<L>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    L: Layer<S>,
{
    fn on_register_dispatch(&self, subscriber: &tracing::Dispatch) {
        self.inner.on_register_dispatch(subscriber);
    }

    fn on_layer(&mut self, subscriber: &mut S) {
        self.inner.on_layer(subscriber);
    }

    fn register_callsite(
        &self,
        metadata: &'static Metadata<'static>,
    ) -> tracing::subscriber::Interest {
        self.inner.register_callsite(metadata)
    }

    fn enabled(&self, metadata: &Metadata<'_>, ctx: Context<'_, S>) -> bool {
        self.inner.enabled(metadata, ctx)
    }

    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let meta = attrs.metadata();
        let texts = Texts::of(meta.fields(), |v| attrs.record(v));
        let displays = texts.values();
        let values = as_values(&displays);
        let set = meta.fields().value_set_all(&values);
        let masked = if attrs.is_root() {
            Attributes::new_root(meta, &set)
        } else if let Some(parent) = attrs.parent() {
            Attributes::child_of(parent.clone(), meta, &set)
        } else {
            Attributes::new(meta, &set)
        };
        self.inner.on_new_span(&masked, id, ctx);
    }

    fn on_record(&self, span: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(meta) = ctx.metadata(span) else {
            return;
        };
        let texts = Texts::of(meta.fields(), |v| values.record(v));
        let displays = texts.values();
        let values = as_values(&displays);
        let set = meta.fields().value_set_all(&values);
        self.inner.on_record(span, &Record::new(&set), ctx);
    }

    fn on_follows_from(&self, span: &Id, follows: &Id, ctx: Context<'_, S>) {
        self.inner.on_follows_from(span, follows, ctx);
    }

    fn event_enabled(&self, event: &Event<'_>, ctx: Context<'_, S>) -> bool {
        self.inner.event_enabled(event, ctx)
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let meta = event.metadata();
        let texts = Texts::of(meta.fields(), |v| event.record(v));
        let displays = texts.values();
        let values = as_values(&displays);
        let set = meta.fields().value_set_all(&values);
        let masked = if event.is_root() {
            Event::new_child_of(None, meta, &set)
        } else if let Some(parent) = event.parent() {
            Event::new_child_of(parent.clone(), meta, &set)
        } else {
            Event::new(meta, &set)
        };
        self.inner.on_event(&masked, ctx);
    }

    fn on_enter(&self, id: &Id, ctx: Context<'_, S>) {
        self.inner.on_enter(id, ctx);
    }

    fn on_exit(&self, id: &Id, ctx: Context<'_, S>) {
        self.inner.on_exit(id, ctx);
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        self.inner.on_close(id, ctx);
    }

    fn on_id_change(&self, old: &Id, new: &Id, ctx: Context<'_, S>) {
        self.inner.on_id_change(old, new, ctx);
    }

    unsafe fn downcast_raw(&self, id: TypeId) -> Option<*const ()> {
        if id == TypeId::of::<Self>() {
            return Some(self as *const Self as *const ());
        }
        // SAFETY: the inner layer answers for its own types, as this layer
        // would if it were not wrapped.
        unsafe { self.inner.downcast_raw(id) }
    }
}
