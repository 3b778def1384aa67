// Shell scripts the calico-node pod's helper containers run. They are POSIX sh (no bash arrays
// or [[ ]]) and use only tools the calico/node image ships: ip, iptables/ip6tables, grep, sed, sleep.

/**
 * Sets `$mode` to the iptables backend the node uses, `nft` or `legacy`: kubelet creates its
 * canary chains in the mangle table, so finding them in the nft tables means the node runs
 * iptables-nft. Rules must go to the same backend, or they would sit in tables nobody reads.
 */
const DETECT_IPTABLES_MODE = `\
if (iptables-nft-save -t mangle; ip6tables-nft-save -t mangle) 2>/dev/null \\
    | grep -qE '^:(KUBE-IPTABLES-HINT|KUBE-KUBELET-CANARY)'; then
  mode=nft
else
  mode=legacy
fi
`;

/**
 * Removes every route BIRD installed (`proto bird`). Guarantees that after switching from the
 * overlay to native routing no stale BGP routes of the old setup keep steering pod traffic.
 * Each route line is deleted with its full spec, so only that exact route goes.
 */
export const CLEANUP_BIRD_ROUTES = `\
ip route show | grep 'proto bird' | while IFS= read -r route; do
  ip route del $route
done
`;

/**
 * Puts one LOG rule per family at the top of the filter OUTPUT chain, for ICMP
 * "fragmentation needed" (IPv4) and ICMPv6 "packet too big", prefixed `PACKET-TOO-BIG ` and
 * commented `gardener log mtu problems for ipv4|ipv6`, so MTU trouble shows in the node's kernel
 * log. Idempotent: a rule already present (checked with -C) is left alone, so restarts never
 * stack duplicates.
 */
export const LOG_MTU_ISSUES = `${DETECT_IPTABLES_MODE}
ensure_output_rule() {
  tool="$1-$mode"; family=$2; shift 2
  if "$tool" -t filter -C OUTPUT "$@" 2>/dev/null; then
    echo "MTU logging rule for $family is already in place"
  else
    "$tool" -t filter -I OUTPUT "$@"
  fi
}

ensure_output_rule iptables IPv4 -p icmp --icmp-type fragmentation-needed \\
  -m comment --comment "gardener log mtu problems for ipv4" -j LOG --log-prefix "PACKET-TOO-BIG "
ensure_output_rule ip6tables IPv6 -p ipv6-icmp --icmpv6-type packet-too-big \\
  -m comment --comment "gardener log mtu problems for ipv6" -j LOG --log-prefix "PACKET-TOO-BIG "
`;

/**
 * Without the overlay, pod traffic to the node's upstream DNS servers leaves with the pod IP,
 * which those servers cannot answer. This loop masquerades it: for every `nameserver` in
 * /etc/resolv.conf of the same family as $POD_CIDR it keeps the rule
 *   nat POSTROUTING 1: -s $POD_CIDR -d <ns>/32|/128 ! -o cali+ -m comment
 *     --comment "calico masquerade non-cluster" -j MASQUERADE
 * in place (inserted first, only when missing), starting after 15 s and rechecking every 60 s
 * so resolv.conf changes and flushed tables are repaired. TERM ends it at once with status 0
 * (the shell runs as PID 1, which ignores TERM unless trapped; waits let the trap fire).
 */
export const SNAT_TO_UPSTREAM_DNS = `${DETECT_IPTABLES_MODE}
trap 'echo "TERM received, stopping"; exit 0' TERM

is_ipv4() {
  echo "$1" | grep -qE '^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+($|/)'
}

# The pod CIDR's family decides the tool and which nameservers qualify.
case "$POD_CIDR" in
  *:*) tool="ip6tables-$mode"; host_prefix=128 ;;
  *) tool="iptables-$mode"; host_prefix=32 ;;
esac

same_family_nameservers() {
  sed -n 's/^[[:space:]]*nameserver[[:space:]][[:space:]]*\\([^[:space:]]*\\).*/\\1/p' /etc/resolv.conf |
    while read -r server; do
      case "$server" in
        *:*) [ "$host_prefix" = 128 ] && echo "$server" ;;
        *) [ "$host_prefix" = 32 ] && is_ipv4 "$server" && is_ipv4 "$POD_CIDR" && echo "$server" ;;
      esac
    done
}

ensure_masquerade() {
  set -- -s "$POD_CIDR" -d "$1/$host_prefix" ! -o cali+ \\
    -m comment --comment "calico masquerade non-cluster" -j MASQUERADE
  "$tool" -t nat -C POSTROUTING "$@" 2>/dev/null || "$tool" -t nat -I POSTROUTING 1 "$@"
}

sleep 15 & wait $!
while true; do
  for server in $(same_family_nameservers); do
    ensure_masquerade "$server"
  done
  sleep 60 & wait $!
done
`;

/**
 * calico-node's own startup and a terminating predecessor race on the node's NetworkUnavailable
 * condition. Once the pod has settled (30 s) this runs calico-node's startup step again so the
 * condition ends as calico-node reports it, then idles. TERM ends it with status 0 (once the
 * startup step is done, should it arrive during it).
 */
export const ENSURE_NETWORK_UNAVAILABLE_CONDITION = `\
trap 'echo "TERM received, stopping"; exit 0' TERM
echo "Waiting 30s for calico-node to settle before re-asserting the NetworkUnavailable condition"
sleep 30 & wait $!
calico-node -startup
echo "NetworkUnavailable condition re-asserted; idling until terminated"
sleep infinity & wait $!
`;
