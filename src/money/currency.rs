//! Currency minor units from the ISO 4217 table of the `iso_currency` crate.

use iso_currency::Currency;

/// The number of minor units (decimal places) of an ISO 4217 currency code, or `None` when the
/// code is unknown. Currencies without minor units in the table (gold, SDR) use 2.
pub fn minor_units(code: &str) -> Option<u32> {
    let currency = Currency::from_code(code)?;
    Some(currency.exponent().map(u32::from).unwrap_or(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_minor_units() {
        assert_eq!(minor_units("USD"), Some(2));
        assert_eq!(minor_units("JPY"), Some(0));
        assert_eq!(minor_units("KWD"), Some(3));
        assert_eq!(minor_units("XXY"), None);
    }
}
