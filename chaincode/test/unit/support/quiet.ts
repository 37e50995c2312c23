// fabric-contract-api logs every decorator at info level when first loaded; tests only need warnings.
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'warning';
