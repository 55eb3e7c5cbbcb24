/** Data objects and the application's JSON mapper: binding received ones, writing published ones. */
package io.sqsmega.spring.json;
