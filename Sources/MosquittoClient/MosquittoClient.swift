/// Placeholder; filled by the MQTT work.
enum MosquittoClientPlaceholder {}
