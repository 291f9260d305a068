/**
 * The package's sample relay list, identical to `data/sample-relays.csv` (a test keeps them in
 * step). Invented `.example` hosts at real city coordinates: it exists to exercise and document
 * relay selection. Apps supply the real list (see the README), e.g. bitchat's daily-refreshed
 * `online_relays_gps.csv`.
 * @module
 */

/** Contents of `data/sample-relays.csv`. */
export const SAMPLE_RELAYS_CSV = `Relay URL,Latitude,Longitude
relay-reykjavik.example,64.1466,-21.9426
relay-dublin.example,53.3498,-6.2603
relay-lisbon.example,38.7223,-9.1393
relay-paris.example,48.8566,2.3522
relay-berlin.example,52.52,13.405
relay-warsaw.example,52.2297,21.0122
relay-helsinki.example,60.1699,24.9384
relay-istanbul.example,41.0082,28.9784
relay-cairo.example,30.0444,31.2357
relay-nairobi.example,-1.2921,36.8219
relay-johannesburg.example,-26.2041,28.0473
relay-mumbai.example,19.076,72.8777
relay-singapore.example,1.3521,103.8198
relay-tokyo.example,35.6762,139.6503
relay-sydney.example,-33.8688,151.2093
relay-auckland.example,-36.8485,174.7633
relay-suva.example,-18.1248,178.4501
relay-apia.example,-13.759,-172.1046
relay-honolulu.example,21.3069,-157.8583
relay-vancouver.example,49.2827,-123.1207
relay-newyork.example,40.7128,-74.006
relay-mexico.example,19.4326,-99.1332
relay-saopaulo.example,-23.5505,-46.6333
relay-santiago.example,-33.4489,-70.6693
`
