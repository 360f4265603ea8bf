# sourced by bench/sfu.sh: the Janus peer (VideoRoom over the HTTP API) in its own network namespace
JANUS_BIN=${JANUS_BIN:-/usr/bin/janus}
JANUS_LIB=${JANUS_LIB:-/usr/lib/x86_64-linux-gnu/janus}
JANUS_NS=${JANUS_NS:-lrbench-janus-$$}
JANUS_ADDR=${JANUS_ADDR:-10.213.0.1}
JANUS_PEER_ADDR=${JANUS_PEER_ADDR:-10.213.0.2}
JANUS_PORT=${JANUS_PORT:-8088}
JANUS_DEBUG_LEVEL=${JANUS_DEBUG_LEVEL:-4}
JANUS_VETH=${JANUS_VETH:-lrjv$$}
NS_UP=""

# the namespace with one end of a veth pair (JANUS_ADDR/30), the other end in this namespace
# (JANUS_PEER_ADDR/30): Janus gathers no loopback candidates, so it needs an interface with an address
netns_up() {
  ip netns add "$JANUS_NS"
  NS_UP=yes
  ip link add "$JANUS_VETH" type veth peer name "${JANUS_VETH}n" netns "$JANUS_NS"
  ip addr add "$JANUS_PEER_ADDR/30" dev "$JANUS_VETH"
  ip link set "$JANUS_VETH" up
  ip netns exec "$JANUS_NS" ip link set lo up
  ip netns exec "$JANUS_NS" ip addr add "$JANUS_ADDR/30" dev "${JANUS_VETH}n"
  ip netns exec "$JANUS_NS" ip link set "${JANUS_VETH}n" up
}
netns_down() {
  if [ -z "$NS_UP" ]; then return; fi
  ip link del "$JANUS_VETH" 2>/dev/null || true
  ip netns del "$JANUS_NS" 2>/dev/null || true
  NS_UP=""
}

# janus_config DIR: janus.jcfg with the VideoRoom plugin and the HTTP transport only (the plugin
# and transport folders hold links to those two libraries), no event handlers, no loggers, no STUN
janus_config() {
  local dir=$1
  mkdir -p "$dir/plugins" "$dir/transports" "$dir/events" "$dir/loggers"
  ln -sf "$JANUS_LIB/plugins/libjanus_videoroom.so" "$dir/plugins/"
  ln -sf "$JANUS_LIB/transports/libjanus_http.so" "$dir/transports/"
  cat >"$dir/janus.jcfg" <<CFG
general: {
	configs_folder = "$dir"
	plugins_folder = "$dir/plugins"
	transports_folder = "$dir/transports"
	events_folder = "$dir/events"
	loggers_folder = "$dir/loggers"
	debug_level = $JANUS_DEBUG_LEVEL
	log_to_stdout = true
	session_timeout = 60
}
certificates: {
}
media: {
	ipv6 = false
	rtp_port_range = "20000-40000"
}
nat: {
	nice_debug = false
	full_trickle = false
	ice_lite = false
	ice_tcp = false
	ice_enforce_list = "${JANUS_VETH}n"
}
plugins: {
}
transports: {
}
loggers: {
}
events: {
	broadcast = false
}
CFG
  cat >"$dir/janus.transport.http.jcfg" <<CFG
general: {
	json = "plain"
	base_path = "/janus"
	http = true
	port = $JANUS_PORT
	ip = "$JANUS_ADDR"
	https = false
}
admin: {
	admin_http = false
	admin_https = false
}
cors: {
}
CFG
  cat >"$dir/janus.plugin.videoroom.jcfg" <<CFG
general: {
}
CFG
}
