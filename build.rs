//! Compiles the kiosk UI (ui/*.slint) with the bundled translations of
//! lang/<lang>/LC_MESSAGES/kakou.po. Debug info is kept so that UI tests can
//! find elements by accessible label.

fn main() {
    let config = slint_build::CompilerConfiguration::new()
        .with_style("fluent".into())
        .with_bundled_translations("lang")
        .with_default_translation_context(slint_build::DefaultTranslationContext::None)
        .with_debug_info(true);
    slint_build::compile_with_config("ui/app.slint", config).expect("the kiosk UI compiles");
}
