# SPDX-License-Identifier: MIT
# podman.sh: what the container tests share (sourced after tests/lib.sh).
#   - podman runs with runc (crun refuses this machine's hybrid cgroups) and
#     ulimits within the hard limits (raising them is not permitted here):
#     PODMAN_RUNOPT and PODMAN_LIMITS, on build and run;
#   - PODMAN_BASE, a Debian bookworm base image made here when missing
#     (mmdebstrap, podman import: no image registry is reachable), tagged as
#     deploy/container/Containerfile's FROM; it stays, a cache;
#   - podman_trap: one container test at a time; whatever the test ends with, the containers and images it
#     named in PODMAN_CONTAINERS and PODMAN_IMAGES go, and so do the dangling
#     images that were not there before it (a build's stage images).

PODMAN_RUNOPT="--runtime runc"
PODMAN_LIMITS="--ulimit nofile=4096:4096 --ulimit nproc=4096:4096"
PODMAN_BASE=docker.io/library/debian:12-slim
PODMAN_CONTAINERS=""
PODMAN_IMAGES=""

_podman_drop() {
	for _c in $PODMAN_CONTAINERS; do
		podman $PODMAN_RUNOPT rm -f "$_c" >/dev/null 2>&1
	done
	for _i in $PODMAN_IMAGES; do
		podman rmi -f "$_i" >/dev/null 2>&1
	done
	podman images -q -f dangling=true | sort | comm -13 "$WORK/dangling.before" - |
	    xargs -r podman rmi -f >/dev/null 2>&1
}

podman_trap() {
	# One container test at a time (make -j): a build's stage image is
	# dangling between its stages, and another test's clean-up would remove
	# it; two tests would also make the base image twice. Held until exit.
	exec 8>"$top_builddir/tests/podman.lock"
	flock 8
	podman images -q -f dangling=true | sort >"$WORK/dangling.before"
	trap '_rc=$?; _podman_drop; (exit $_rc); _cleanup' EXIT
}

# podman_base: PODMAN_BASE, made now if missing (about 20 s). Fails the test when it cannot be.
podman_base() {
	podman image exists "$PODMAN_BASE" && return 0
	run_bounded 600 mmdebstrap --variant=minbase bookworm "$WORK/rootfs.tar"
	expect_eq "mmdebstrap: a Debian bookworm root file system" "$RUN_RC" 0
	run_bounded 300 podman import "$WORK/rootfs.tar" "$PODMAN_BASE"
	expect_eq "podman import: the base image" "$RUN_RC" 0
	rm -f "$WORK/rootfs.tar"
	podman image exists "$PODMAN_BASE"
}
