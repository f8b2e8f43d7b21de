//! The stylesheet and the bundled CJK font, compiled into the binary and
//! served from the district itself: no CDN, nothing from another origin.

use axum::extract::Path;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use super::page::PageError;

const CSS: &str = include_str!("../../static/kakou.css");
static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/KakouSans-Regular.otf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/KakouSans-Bold.otf");

/// A day: a new release's stylesheet reaches browsers by the next morning.
const CSS_CACHE: &str = "public, max-age=86400";
/// The fonts never change under one name.
const FONT_CACHE: &str = "public, max-age=31536000, immutable";

pub async fn css() -> Response {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, CSS_CACHE),
        ],
        CSS,
    )
        .into_response()
}

pub async fn font(Path(file): Path<String>) -> Result<Response, PageError> {
    let bytes = match file.as_str() {
        "KakouSans-Regular.otf" => REGULAR,
        "KakouSans-Bold.otf" => BOLD,
        _ => {
            return Err(PageError::new(
                StatusCode::NOT_FOUND,
                "没有这个字体",
                "There is no such font.",
            ));
        }
    };
    Ok((
        [(CONTENT_TYPE, "font/otf"), (CACHE_CONTROL, FONT_CACHE)],
        bytes,
    )
        .into_response())
}
