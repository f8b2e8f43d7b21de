//! The system's cameras, through nokhwa (V4L2 on Linux).
//!
//! Built only with the `camera` feature; without it [`system_cameras`]
//! answers [`OpenError::Unsupported`], so the rest of kakou builds and runs
//! the same either way.

use super::{CameraInfo, CameraStream, Cameras, OpenError};

/// The cameras of this machine.
pub fn system_cameras() -> Box<dyn Cameras> {
    #[cfg(feature = "camera")]
    {
        Box::new(native::NativeCameras)
    }
    #[cfg(not(feature = "camera"))]
    {
        Box::new(NoCameras)
    }
}

/// A build without camera support.
#[cfg(not(feature = "camera"))]
struct NoCameras;

#[cfg(not(feature = "camera"))]
impl Cameras for NoCameras {
    fn list(&mut self) -> Result<Vec<CameraInfo>, OpenError> {
        Err(OpenError::Unsupported)
    }

    fn open(&mut self, _index: u32) -> Result<Box<dyn CameraStream>, OpenError> {
        Err(OpenError::Unsupported)
    }
}

#[cfg(feature = "camera")]
mod native {
    use super::{CameraInfo, CameraStream, Cameras, OpenError};
    use crate::ScanError;
    use crate::raw_frame::{PixelLayout, RawFrame};
    use image::GrayImage;
    use nokhwa::Camera;
    use nokhwa::utils::{
        ApiBackend, CameraFormat, CameraIndex, FrameFormat, RequestedFormat, RequestedFormatType,
        Resolution,
    };

    /// What kakou asks a camera for: 1280×720 is enough for a pass card at
    /// arm's length and decodes in a few milliseconds; the camera gives the
    /// nearest it has.
    const WANTED: (u32, u32, u32) = (1280, 720, 30);

    /// The pixel layouts [`RawFrame::to_gray`] reads, best first: MJPEG is
    /// what most USB webcams offer at 720p and 30 fps.
    const LAYOUTS: [FrameFormat; 4] = [
        FrameFormat::MJPEG,
        FrameFormat::YUYV,
        FrameFormat::NV12,
        FrameFormat::GRAY,
    ];

    pub(super) struct NativeCameras;

    impl Cameras for NativeCameras {
        fn list(&mut self) -> Result<Vec<CameraInfo>, OpenError> {
            let found = nokhwa::query(ApiBackend::Auto)
                .map_err(|e| OpenError::Missing(format!("cannot list cameras: {e}")))?;
            let mut cameras: Vec<CameraInfo> = found
                .into_iter()
                .filter_map(|info| {
                    let CameraIndex::Index(index) = info.index() else {
                        return None;
                    };
                    Some(CameraInfo {
                        index: *index,
                        name: info.human_name(),
                        detail: [info.description(), info.misc().as_str()]
                            .iter()
                            .filter(|s| !s.is_empty())
                            .copied()
                            .collect::<Vec<_>>()
                            .join(" · "),
                    })
                })
                .collect();
            cameras.sort_by_key(|c| c.index);
            Ok(cameras)
        }

        fn open(&mut self, index: u32) -> Result<Box<dyn CameraStream>, OpenError> {
            match open_one(index) {
                Ok(stream) => Ok(Box::new(stream)),
                Err(e) => Err(OpenError::Missing(format!("camera {index}: {e}"))),
            }
        }
    }

    fn open_one(index: u32) -> Result<NativeStream, nokhwa::NokhwaError> {
        let (w, h, fps) = WANTED;
        let wanted = RequestedFormat::with_formats(
            RequestedFormatType::Closest(CameraFormat::new(
                Resolution::new(w, h),
                FrameFormat::MJPEG,
                fps,
            )),
            &LAYOUTS,
        );
        let mut camera = Camera::new(CameraIndex::Index(index), wanted)?;
        camera.open_stream()?;
        let name = camera.info().human_name();
        Ok(NativeStream { camera, name })
    }

    struct NativeStream {
        camera: Camera,
        name: String,
    }

    impl CameraStream for NativeStream {
        fn name(&self) -> String {
            self.name.clone()
        }

        fn next_frame(&mut self) -> Result<GrayImage, ScanError> {
            let buffer = self
                .camera
                .frame()
                .map_err(|e| ScanError::Camera(e.to_string()))?;
            let layout = match buffer.source_frame_format() {
                FrameFormat::MJPEG => PixelLayout::Mjpeg,
                FrameFormat::YUYV => PixelLayout::Yuyv,
                FrameFormat::NV12 => PixelLayout::Nv12,
                FrameFormat::GRAY => PixelLayout::Gray,
                FrameFormat::RAWRGB => PixelLayout::Rgb,
                FrameFormat::RAWBGR => PixelLayout::Bgr,
            };
            let resolution = buffer.resolution();
            RawFrame {
                layout,
                width: resolution.width(),
                height: resolution.height(),
                data: buffer.buffer().to_vec(),
            }
            .to_gray()
        }
    }

    impl Drop for NativeStream {
        fn drop(&mut self) {
            // Stopping the stream hands the device back; an error here means
            // it is already gone, which is what dropping wants anyway.
            let _ = self.camera.stop_stream();
        }
    }
}
