//! How much of a grid a table covers, and the limit on it.
//!
//! calamine, like a spreadsheet, makes a sheet the rectangle from its
//! outermost cells: two cells at A1 and XFD1048576 make a grid of 17
//! billion cells, whose allocation aborts the process. So the rectangle is
//! measured from the cells' positions first and compared with
//! [`MAX_CELLS`] before any grid is made.

/// The most cells (rows × columns of the table's rectangle) a ledger may
/// have. A community's ledger has a few thousand to some tens of thousands
/// of people in 8 to 15 columns, well under a million cells; two million
/// leaves room for any real one, while the grid of text it becomes stays
/// under a hundred megabytes or so.
pub const MAX_CELLS: u64 = 2_000_000;

/// The rectangle spanned by the cells seen so far (0-based row and column
/// positions), and how many cells were listed, which can exceed the
/// rectangle when a file lists the same position many times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Extent {
    bounds: Option<((u32, u32), (u32, u32))>,
    listed: u64,
}

impl Extent {
    /// Takes one cell at (row, column) into the extent.
    pub fn include(&mut self, row: u32, column: u32) {
        self.listed += 1;
        self.bounds = Some(match self.bounds {
            None => ((row, column), (row, column)),
            Some(((r0, c0), (r1, c1))) => {
                ((r0.min(row), c0.min(column)), (r1.max(row), c1.max(column)))
            }
        });
    }

    /// Takes a row of `width` cells from the first column on, as CSV has
    /// them: no gaps, so the cells listed are the cells there.
    pub fn include_row(&mut self, row: u32, width: u32) {
        let last = width.saturating_sub(1);
        self.bounds = Some(match self.bounds {
            None => ((row, 0), (row, last)),
            Some(((r0, _), (r1, c1))) => ((r0.min(row), 0), (r1.max(row), c1.max(last))),
        });
        self.listed += u64::from(width);
    }

    /// The top-left and bottom-right positions, if any cell was seen.
    pub fn bounds(&self) -> Option<((u32, u32), (u32, u32))> {
        self.bounds
    }

    pub fn rows(&self) -> u64 {
        self.bounds
            .map_or(0, |((r0, _), (r1, _))| u64::from(r1 - r0) + 1)
    }

    pub fn columns(&self) -> u64 {
        self.bounds
            .map_or(0, |((_, c0), (_, c1))| u64::from(c1 - c0) + 1)
    }

    /// The cells a grid of this table would hold, or the cells listed if a
    /// file repeated positions beyond that.
    pub fn cells(&self) -> u64 {
        self.rows().saturating_mul(self.columns()).max(self.listed)
    }

    pub fn within_limit(&self) -> bool {
        self.cells() <= MAX_CELLS
    }

    /// The rectangle in a spreadsheet's own words, e.g. `A1:XFD1048576`.
    pub fn span(&self) -> String {
        match self.bounds {
            None => String::new(),
            Some((first, last)) => format!("{}:{}", cell_name(first), cell_name(last)),
        }
    }
}

/// The A1-style name of a 0-based (row, column) position.
pub fn cell_name((row, column): (u32, u32)) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(column) + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8(letters).expect("ASCII letters"),
        u64::from(row) + 1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names_follow_the_spreadsheet_convention() {
        for (position, name) in [
            ((0, 0), "A1"),
            ((9, 25), "Z10"),
            ((0, 26), "AA1"),
            ((0, 701), "ZZ1"),
            ((0, 702), "AAA1"),
            ((1_048_575, 16_383), "XFD1048576"),
            ((u32::MAX, u32::MAX), "MWLQKWV4294967296"),
        ] {
            assert_eq!(cell_name(position), name, "{position:?}");
        }
    }

    #[test]
    fn the_extent_is_the_rectangle_of_the_outermost_cells() {
        let mut extent = Extent::default();
        assert_eq!((extent.rows(), extent.columns(), extent.cells()), (0, 0, 0));
        extent.include(2, 3);
        extent.include(4, 1);
        assert_eq!(extent.bounds(), Some(((2, 1), (4, 3))));
        assert_eq!((extent.rows(), extent.columns(), extent.cells()), (3, 3, 9));
        assert_eq!(extent.span(), "B3:D5");
        assert!(extent.within_limit());
    }

    #[test]
    fn two_far_corners_are_seventeen_billion_cells() {
        let mut extent = Extent::default();
        extent.include(0, 0);
        extent.include(1_048_575, 16_383);
        assert_eq!(extent.rows(), 1_048_576);
        assert_eq!(extent.columns(), 16_384);
        assert_eq!(extent.cells(), 17_179_869_184);
        assert!(!extent.within_limit());
        // The largest positions a file can name do not overflow.
        extent.include(u32::MAX, u32::MAX);
        assert_eq!(extent.rows(), 1 << 32);
        assert_eq!(extent.cells(), u64::MAX);
    }

    #[test]
    fn one_position_listed_too_often_counts_every_listing() {
        let mut extent = Extent::default();
        for _ in 0..=MAX_CELLS {
            extent.include(0, 0);
        }
        assert_eq!((extent.rows(), extent.columns()), (1, 1));
        assert_eq!(extent.cells(), MAX_CELLS + 1);
        assert!(!extent.within_limit());
    }
}
