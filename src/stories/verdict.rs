//! The shape most story rules share: a verdict on a report's title and
//! lead that is either silent (`Unknown`: neither kind of word, or both)
//! or one of two opposites, and two reports clash when each holds the
//! other opposite. The verdict is stored in two bits of the item's record.

/// Declares a rule's verdict: an enum of `Unknown` (the default, 0) and two
/// opposites (1 and 2), with `clashes` and `from_bits`.
macro_rules! two_sided_verdict {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(#[$unknown_meta:meta])*
            Unknown,
            $(#[$one_meta:meta])*
            $one:ident,
            $(#[$other_meta:meta])*
            $other:ident $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        #[repr(u8)]
        pub enum $name {
            $(#[$unknown_meta])*
            #[default]
            Unknown = 0,
            $(#[$one_meta])*
            $one = 1,
            $(#[$other_meta])*
            $other = 2,
        }

        impl $name {
            /// Whether the two reports hold the two opposites.
            pub fn clashes(self, other: $name) -> bool {
                matches!(
                    (self, other),
                    ($name::$one, $name::$other) | ($name::$other, $name::$one)
                )
            }

            /// The verdict stored as `self as u8` (any other value is
            /// `Unknown`).
            pub(crate) fn from_bits(bits: u8) -> $name {
                match bits {
                    1 => $name::$one,
                    2 => $name::$other,
                    _ => $name::Unknown,
                }
            }
        }
    };
}

pub(crate) use two_sided_verdict;
