//! Whose address a request comes from, behind a number of trusted proxies: the right-most
//! `X-Forwarded-For` hop that no trusted proxy wrote (the left ones are the client's to forge).

use std::net::{IpAddr, Ipv6Addr};

/// The key of the client's address for throttling, from the `X-Forwarded-For` headers (in
/// order), the socket peer and how many proxies of ours stand in front of the academy.
pub fn client_key(forwarded_for: &[&str], peer: IpAddr, trusted_proxies: u32) -> String {
    if trusted_proxies == 0 {
        return key(peer);
    }
    let hops: Vec<&str> = forwarded_for
        .iter()
        .flat_map(|h| h.split(','))
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .collect();
    // The peer is the nearest proxy; each further proxy of ours added one hop on the right.
    let from_right = trusted_proxies as usize - 1;
    let Some(hop) = hops.len().checked_sub(from_right + 1).map(|i| hops[i]) else {
        // Fewer hops than proxies: the request skipped some of them, and the left-most hop is
        // what the first proxy it met saw.
        return hops.first().map_or_else(|| key(peer), |h| parse_key(h));
    };
    parse_key(hop)
}

/// A hop as a proxy writes it (`1.2.3.4`, `1.2.3.4:80`, `2001:db8::1`, `[2001:db8::1]:80`).
fn parse_key(hop: &str) -> String {
    let bare = hop
        .strip_prefix('[')
        .and_then(|h| h.split_once(']'))
        .map_or(hop, |(ip, _)| ip);
    let ip = bare.parse::<IpAddr>().ok().or_else(|| {
        let (ip, port) = bare.rsplit_once(':')?;
        port.parse::<u16>().ok()?;
        ip.parse::<IpAddr>().ok()
    });
    // Anything else shares one key, so that varying junk does not earn fresh attempts.
    ip.map_or_else(|| "unparsable forwarded address".into(), key)
}

/// IPv4 addresses as they are; IPv6 ones by their /64, which one subscriber usually holds whole.
fn key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                let net = Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{net}/64")
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PEER: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2));

    #[test]
    fn without_trusted_proxies_the_socket_peer_is_the_client() {
        assert_eq!(client_key(&["203.0.113.9"], PEER, 0), "10.0.0.2");
    }

    #[test]
    fn behind_one_proxy_the_right_most_hop_is_the_client_whatever_was_forged_on_the_left() {
        assert_eq!(
            client_key(&["1.1.1.1, 203.0.113.9"], PEER, 1),
            "203.0.113.9"
        );
        assert_eq!(
            client_key(&["6.6.6.6", "203.0.113.9"], PEER, 1),
            "203.0.113.9"
        );
        assert_eq!(client_key(&["203.0.113.9:4711"], PEER, 1), "203.0.113.9");
    }

    #[test]
    fn behind_two_proxies_the_hop_the_outer_proxy_wrote_is_the_client() {
        let xff = ["6.6.6.6, 203.0.113.9, 10.0.0.1"];
        assert_eq!(client_key(&xff, PEER, 2), "203.0.113.9");
        assert_eq!(client_key(&["203.0.113.9"], PEER, 2), "203.0.113.9");
    }

    #[test]
    fn no_header_behind_a_proxy_means_the_peer_and_junk_shares_one_key() {
        assert_eq!(client_key(&[], PEER, 1), "10.0.0.2");
        assert_eq!(
            client_key(&["x, not-an-ip"], PEER, 1),
            "unparsable forwarded address"
        );
        assert_eq!(
            client_key(&["x, other junk"], PEER, 1),
            "unparsable forwarded address"
        );
    }

    #[test]
    fn ipv6_clients_are_keyed_by_their_slash_64() {
        let a = client_key(&["2001:db8:1:2::1"], PEER, 1);
        assert_eq!(a, "2001:db8:1:2::/64");
        assert_eq!(client_key(&["[2001:db8:1:2:ffff::9]:443"], PEER, 1), a);
        assert_eq!(client_key(&["::ffff:192.0.2.1"], PEER, 1), "192.0.2.1");
    }
}
