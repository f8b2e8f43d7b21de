//! Household addresses, so that "3栋2单元501室" typed by a visitor finds the
//! household the ledger calls "3-2-501".

/// The canonical form of an address: `building-unit-room` when the text holds
/// exactly three numbers (full-width digits count, leading zeros dropped),
/// otherwise the text itself with surrounding white space removed (village
/// groups such as "王家村三组" are kept as written).
pub fn canonical_address(text: &str) -> String {
    let mut numbers: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        let digit = match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            _ => None,
        };
        match digit {
            Some(d) => current.push(d),
            None if !current.is_empty() => numbers.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        numbers.push(current);
    }
    if numbers.len() == 3 {
        numbers
            .iter()
            .map(|n| {
                let trimmed = n.trim_start_matches('0');
                if trimmed.is_empty() { "0" } else { trimmed }
            })
            .collect::<Vec<_>>()
            .join("-")
    } else {
        text.trim().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ways_people_say_an_address_meet_in_one_form() {
        for said in [
            "3-2-501",
            "3栋2单元501",
            "3号楼2单元501室",
            " 03幢02单元0501 ",
            "３栋２单元５０１",
            "3/2/501",
        ] {
            assert_eq!(canonical_address(said), "3-2-501", "{said}");
        }
        assert_eq!(canonical_address(" 王家村三组 "), "王家村三组");
        assert_eq!(canonical_address("12-501"), "12-501");
    }
}
