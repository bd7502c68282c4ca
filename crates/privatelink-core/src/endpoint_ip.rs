//! The private endpoint's IP address, which the user copies from the Azure portal.
//!
//! Only the plain dotted-quad IPv4 form is accepted: Azure private endpoints get an IPv4
//! address from the virtual network, and every looser form (leading zeros, which some
//! parsers read as octal; hex; fewer than four parts; IPv6; CIDR ranges; hostnames) is a
//! different address to different tools, so it is refused with a message saying why.
//! Surrounding whitespace is trimmed (a paste often carries it). Addresses that can never
//! be an endpoint (unspecified, loopback, link-local, multicast, broadcast) are refused.
//! A public address is accepted, because Azure lets a virtual network use any range, but
//! carries a warning the panel shows before saving.

use std::fmt;
use std::net::Ipv4Addr;

use thiserror::Error;

use crate::cloud::Cloud;
use crate::paste::truncate_for_message;

/// A validated endpoint address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EndpointIp {
    addr: Ipv4Addr,
}

/// Why a string is not a usable endpoint IP.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EndpointIpError {
    #[error("Enter the private endpoint's IPv4 address, e.g. 10.0.0.5.")]
    Empty,
    #[error("\"{0}\" is an IPv6 address; Azure private endpoints for this service use IPv4 (e.g. 10.0.0.5).")]
    Ipv6(String),
    #[error(
        "\"{0}\" is a range; enter the single address of the private endpoint (e.g. 10.0.0.5)."
    )]
    Range(String),
    #[error("\"{0}\" is not an IP address; enter the endpoint's IPv4 address, not a host name.")]
    NotAnAddress(String),
    #[error("\"{0}\" needs exactly four numbers separated by dots (e.g. 10.0.0.5).")]
    WrongPartCount(String),
    #[error("\"{0}\" has a number with a leading zero, which some tools read as octal; write it without (e.g. 10.0.0.5).")]
    LeadingZero(String),
    #[error("\"{0}\" has a number above 255.")]
    OctetTooLarge(String),
    #[error("{0} cannot be a private endpoint's address ({1}).")]
    Reserved(Ipv4Addr, &'static str),
    /// Spaces or line breaks around an address where the exact form is required (the API).
    #[error("\"{0}\" has spaces or line breaks around the address; send the address alone (e.g. 10.0.0.5).")]
    Padded(String),
}

impl EndpointIp {
    /// Parses and checks an address typed or pasted by a user.
    pub fn parse(input: &str) -> Result<Self, EndpointIpError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(EndpointIpError::Empty);
        }
        let shown = || truncate_for_message(s);
        // Byte checks, not `str::contains(char)`: that links a string searcher (≈2 kB of
        // the panel's wasm) for what is one ASCII byte.
        if s.as_bytes().contains(&b':') {
            return Err(EndpointIpError::Ipv6(shown()));
        }
        if s.bytes().any(|b| b == b'/' || b == b'-') {
            return Err(EndpointIpError::Range(shown()));
        }
        if !s.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return Err(EndpointIpError::NotAnAddress(shown()));
        }
        let parts: Vec<&str> = s.split('.').collect();
        if parts.len() != 4 || parts.iter().any(|p| p.is_empty()) {
            return Err(EndpointIpError::WrongPartCount(shown()));
        }
        let mut octets = [0u8; 4];
        for (slot, part) in octets.iter_mut().zip(&parts) {
            if part.len() > 1 && part.starts_with('0') {
                return Err(EndpointIpError::LeadingZero(shown()));
            }
            // At most three digits after the leading-zero check, so this cannot overflow u16.
            let n: u16 = if part.len() > 3 {
                u16::MAX
            } else {
                part.parse().unwrap_or(u16::MAX)
            };
            *slot = u8::try_from(n).map_err(|_| EndpointIpError::OctetTooLarge(shown()))?;
        }
        let addr = Ipv4Addr::from(octets);
        if let Some(why) = reserved_reason(addr) {
            return Err(EndpointIpError::Reserved(addr, why));
        }
        Ok(EndpointIp { addr })
    }

    /// Accepts only the address itself, as the API does: no surrounding whitespace.
    pub fn parse_exact(input: &str) -> Result<Self, EndpointIpError> {
        let ip = Self::parse(input)?;
        if input.trim() == input {
            Ok(ip)
        } else {
            Err(EndpointIpError::Padded(truncate_for_message(
                &input.escape_debug().to_string(),
            )))
        }
    }

    pub fn addr(&self) -> Ipv4Addr {
        self.addr
    }

    /// True for RFC 1918 ranges and the shared 100.64.0.0/10 range, which Azure virtual
    /// networks also use.
    pub fn is_private(&self) -> bool {
        let [a, b, ..] = self.addr.octets();
        self.addr.is_private() || (a == 100 && (64..128).contains(&b))
    }

    /// Whether the address is in 172.24.0.0/16, the range Aiven reserves on Google Cloud.
    pub fn in_google_reserved_range(&self) -> bool {
        let [a, b, ..] = self.addr.octets();
        a == 172 && b == 24
    }

    /// A sentence to show before saving an endpoint of `cloud` whose address is unusual
    /// but allowed: a public address anywhere, and on Google Cloud also an address in
    /// Aiven's reserved 172.24.0.0/16.
    pub fn warning_on(&self, cloud: Cloud) -> Option<String> {
        let console = match cloud {
            Cloud::Azure => "in the Azure portal",
            Cloud::Aws => "in the AWS console",
            Cloud::Google => "in the Google Cloud console",
        };
        if !self.is_private() {
            return Some(format!(
                "{} is not a private address (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10). \
                 Private endpoints get an address from your own network; check it {console} before saving.",
                self.addr
            ));
        }
        (cloud == Cloud::Google && self.in_google_reserved_range()).then(|| {
            format!(
                "{} is in 172.24.0.0/16, the range Aiven reserves on Google Cloud: an endpoint there can clash with Aiven's own addresses. Check it {console} before saving.",
                self.addr
            )
        })
    }
}

fn reserved_reason(addr: Ipv4Addr) -> Option<&'static str> {
    if addr.is_unspecified() {
        Some("it is the unspecified address")
    } else if addr.is_loopback() {
        Some("it is a loopback address")
    } else if addr.is_link_local() {
        Some("it is a link-local address")
    } else if addr.is_broadcast() {
        Some("it is the broadcast address")
    } else if addr.is_multicast() {
        Some("it is a multicast address")
    } else if addr.octets()[0] == 0 {
        Some("0.0.0.0/8 is reserved for \"this network\"")
    } else if addr.octets()[0] >= 240 {
        Some("240.0.0.0/4 is reserved")
    } else {
        None
    }
}

impl fmt::Display for EndpointIp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.addr.fmt(f)
    }
}

impl serde::Serialize for EndpointIp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.addr)
    }
}

/// Strict: the wire carries the address alone ([`EndpointIp::parse_exact`]).
impl<'de> serde::Deserialize<'de> for EndpointIp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        EndpointIp::parse_exact(&s).map_err(serde::de::Error::custom)
    }
}

impl std::str::FromStr for EndpointIp {
    type Err = EndpointIpError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}
