//! The household map's layout (楼盘图), pure: addresses in, one grid per
//! building out. A building-unit-room address (`3-2-501`, however typed:
//! `kakou_core::domain::canonical_address`) is room 501 of unit 2 of
//! building 3, on floor 5 at position 1. Each building is drawn as floors
//! (top floor first) by columns (unit, position), like the drawings on a
//! residents' committee wall. Other addresses (village groups) go in a list.

use std::collections::{BTreeMap, BTreeSet};

use kakou_core::domain::canonical_address;

/// Where an address sits in its building.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Room {
    pub building: u32,
    pub unit: u32,
    pub floor: u32,
    pub position: u32,
}

/// The room of a building-unit-room address; `None` for anything else.
pub fn room_of(address: &str) -> Option<Room> {
    let canonical = canonical_address(address);
    let mut parts = canonical.split('-').map(|p| p.parse::<u32>().ok());
    let (Some(Some(building)), Some(Some(unit)), Some(Some(room)), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    Some(Room {
        building,
        unit,
        floor: room / 100,
        position: room % 100,
    })
}

/// One building's grid. `cells[row][column]` is the index (into the
/// addresses given to [`layout`]) of the household there, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Building {
    pub number: u32,
    /// Floor of each row, top floor first; floors between the lowest and
    /// the highest are all there, so the drawing keeps the building's shape.
    pub floors: Vec<u32>,
    /// (unit, position) of each column, in order.
    pub columns: Vec<(u32, u32)>,
    pub cells: Vec<Vec<Option<usize>>>,
}

impl Building {
    /// The units and how many columns each spans, for the header row.
    pub fn units(&self) -> Vec<(u32, usize)> {
        let mut units: Vec<(u32, usize)> = Vec::new();
        for (unit, _) in &self.columns {
            match units.last_mut() {
                Some((u, n)) if u == unit => *n += 1,
                _ => units.push((*unit, 1)),
            }
        }
        units
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    pub buildings: Vec<Building>,
    /// Indexes of the addresses that are not building-unit-room, in order.
    pub others: Vec<usize>,
}

/// Lays out households by address. Two households at one room (which a
/// ledger should not have) keep the first; the second goes to `others` so
/// that nobody disappears from the map.
pub fn layout(addresses: &[&str]) -> Layout {
    let mut rooms: BTreeMap<u32, BTreeMap<Room, usize>> = BTreeMap::new();
    let mut others = Vec::new();
    for (i, address) in addresses.iter().enumerate() {
        match room_of(address) {
            Some(room) => match rooms.entry(room.building).or_default().entry(room) {
                std::collections::btree_map::Entry::Occupied(_) => others.push(i),
                std::collections::btree_map::Entry::Vacant(free) => {
                    free.insert(i);
                }
            },
            None => others.push(i),
        }
    }
    let buildings = rooms
        .into_iter()
        .map(|(number, rooms)| {
            let columns: Vec<(u32, u32)> = rooms
                .keys()
                .map(|r| (r.unit, r.position))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let lowest = rooms.keys().map(|r| r.floor).min().unwrap_or(0);
            let highest = rooms.keys().map(|r| r.floor).max().unwrap_or(0);
            let floors: Vec<u32> = (lowest..=highest).rev().collect();
            let cells = floors
                .iter()
                .map(|&floor| {
                    columns
                        .iter()
                        .map(|&(unit, position)| {
                            rooms
                                .get(&Room {
                                    building: number,
                                    unit,
                                    floor,
                                    position,
                                })
                                .copied()
                        })
                        .collect()
                })
                .collect();
            Building {
                number,
                floors,
                columns,
                cells,
            }
        })
        .collect();
    Layout { buildings, others }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_find_their_rooms() {
        let cases = [
            ("3-2-501", Some((3, 2, 5, 1))),
            ("3栋2单元501室", Some((3, 2, 5, 1))),
            ("12-1-1802", Some((12, 1, 18, 2))),
            ("1-1-8", Some((1, 1, 0, 8))),
            ("王家村三组", None),
            ("12-501", None),
            ("1-2-3-4", None),
        ];
        for (address, expected) in cases {
            let got = room_of(address).map(|r| (r.building, r.unit, r.floor, r.position));
            assert_eq!(got, expected, "{address}");
        }
    }

    #[test]
    fn a_building_is_floors_by_unit_and_position() {
        let addresses = [
            "3-1-101",
            "3-1-102",
            "3-2-101",
            "3-1-301",
            "王家村三组",
            "1-1-201",
            "3-1-101",
        ];
        let map = layout(&addresses);
        assert_eq!(map.others, [4, 6]);
        assert_eq!(
            map.buildings.iter().map(|b| b.number).collect::<Vec<_>>(),
            [1, 3]
        );
        let b3 = &map.buildings[1];
        // Floors 3, 2 (empty, kept for the shape) and 1.
        assert_eq!(b3.floors, [3, 2, 1]);
        assert_eq!(b3.columns, [(1, 1), (1, 2), (2, 1)]);
        assert_eq!(b3.units(), [(1, 2), (2, 1)]);
        assert_eq!(
            b3.cells,
            vec![
                vec![Some(3), None, None],
                vec![None, None, None],
                vec![Some(0), Some(1), Some(2)],
            ]
        );
        let b1 = &map.buildings[0];
        assert_eq!(b1.cells, vec![vec![Some(5)]]);
    }

    #[test]
    fn no_addresses_no_buildings() {
        assert_eq!(layout(&[]), Layout::default());
    }
}
