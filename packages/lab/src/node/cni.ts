import { type ClusterLayout, NETWORK } from '../kube-cluster/layout.js';

/**
 * The pod network: one bridge of the cluster's own, addresses from a private range kept in the
 * cluster folder, no masquerading (pods talk to each other and the node, never outside).
 * Hairpin mode lets a pod reach itself through its Service.
 */
export function cniConflist(layout: ClusterLayout): string {
  return JSON.stringify(
    {
      cniVersion: '0.4.0',
      name: NETWORK.cniNetwork,
      plugins: [
        {
          type: 'bridge',
          bridge: NETWORK.bridge,
          isGateway: true,
          hairpinMode: true,
          ipMasq: false,
          ipam: {
            type: 'host-local',
            ranges: [[{ subnet: NETWORK.podCidr }]],
            routes: [{ dst: '0.0.0.0/0' }],
            dataDir: layout.cni.ipam,
          },
        },
      ],
    },
    null,
    2,
  );
}
