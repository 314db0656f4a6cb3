// shared/ runs in Node and in the browser, so it compiles against neither's type library; these are
// the few platform globals both provide and the engine relies on.
declare function structuredClone<T>(value: T): T;
