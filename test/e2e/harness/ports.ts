// A free TCP port on the loopback interface, for code-server.
export { freePort } from '../../support/ports';
