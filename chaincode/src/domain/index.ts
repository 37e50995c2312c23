/** Pure domain code shared by the chaincode and the gateway (`@ncr/chaincode/domain`). No Fabric imports here. */
export * from './blocks';
export * from './canonical';
export * from './certificate';
export * from './errors';
export * from './events';
export * from './identity';
export * from './ids';
export * from './issuance';
export * from './holdings';
export * from './issues';
export * from './keys';
export * from './lifecycle';
export * from './nomenclature';
export * from './purposes';
export * from './schemas';
export * from './serial';
export * from './time';
