// Forms the replica set rs0 from the three StatefulSet members, once. Run by the mongo-rs-initiate Job on every
// apply (it is recreated after its TTL), so it must be harmless when the set already exists.
const members = [0, 1, 2].map((i) => ({ _id: i, host: `mongo-${i}.mongo:27017` }));

// Every member has to answer before the set can be formed with all three.
for (const m of members) {
  for (;;) {
    try {
      new Mongo(m.host).getDB("admin").runCommand({ ping: 1 });
      break;
    } catch (e) {
      print(`waiting for ${m.host}: ${e.message}`);
      sleep(2000);
    }
  }
}

try {
  const status = rs.status();
  print(`replica set ${status.set} already exists (${status.members.length} members)`);
} catch (e) {
  if (e.codeName !== "NotYetInitialized") {
    throw e;
  }
  printjson(rs.initiate({ _id: "rs0", members }));
}
