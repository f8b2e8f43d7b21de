use std::fmt;

use serde::{Deserialize, Serialize};

/// A body temperature in tenths of a degree Celsius (36.5 °C is `Temperature(365)`).
///
/// Readings are kept as integers because the rounding rule of the validator
/// spec is decimal half-up, which binary floats get wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Temperature(pub i32);

impl Temperature {
    /// The default fever threshold of DESIGN §6: 37.3 °C.
    pub const DEFAULT_FEVER: Temperature = Temperature(373);

    pub fn tenths(self) -> i32 {
        self.0
    }
}

impl fmt::Display for Temperature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(f, "{sign}{}.{}", self.0.abs() / 10, self.0.abs() % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_one_decimal() {
        assert_eq!(Temperature(365).to_string(), "36.5");
        assert_eq!(Temperature(370).to_string(), "37.0");
    }
}
